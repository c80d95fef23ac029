"""core.forms.FastSelect writes the same <select> as Django's own Select, without its templates."""

import pytest
from django import forms

from core.forms import FastSelect

CHOICES = [("", "All"), ("a", "Alpha"), ("b", 'B <&> "quoted"'), (3, "Three")]


@pytest.mark.parametrize("value", [None, "", "a", "b", 3, "missing"])
def test_fast_select_writes_what_djangos_select_writes(value):
    attrs = {"id": "id_pick", "class": "form-select"}
    ours = FastSelect(choices=CHOICES).render("pick", value, attrs)
    django = forms.Select(choices=CHOICES).render("pick", value, attrs)
    assert str(ours) == str(django)


def test_a_bound_field_keeps_djangos_attribute_order():
    class Pick(forms.Form):
        theirs = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "form-select"}))
        ours = forms.ChoiceField(choices=CHOICES, widget=FastSelect(attrs={"class": "form-select"}))

    form = Pick({"theirs": "b", "ours": "b"})
    assert str(form["ours"]) == str(form["theirs"]).replace("theirs", "ours")
