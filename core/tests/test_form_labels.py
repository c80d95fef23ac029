"""Every form label starts with a capital letter (issue 16, item 11: sentence case), in both languages,
whatever the field's own label says: the project's form renderer capitalises them."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation


class Filters(forms.Form):
    owner = forms.CharField(label="owner partner")
    overdue = forms.BooleanField(label="overdue only", required=False)


def test_explicit_lowercase_labels_render_in_sentence_case():
    html = str(Filters())
    assert ">Owner partner" in html and ">Overdue only" in html
    assert "owner partner" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "labels"),
    [("en", ["Status", "Owner partner", "Overdue only"]), ("id", ["Status", "Mitra pemilik", "Hanya yang terlambat"])],
)
def test_the_road_map_filter_labels_in_both_languages(cast, login, language, labels):
    client = login(cast.fasilitator)
    client.cookies["django_language"] = language
    with translation.override(language):
        html = client.get(reverse("roadmap:timeline", args=[cast.program.pk])).content.decode()
    for label in labels:
        assert f">{label}</label>" in html or f">{label}\n" in html or f">{label} " in html, label
