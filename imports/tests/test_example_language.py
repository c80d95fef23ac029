"""The templates' example rows are written in the user's language (issue 16, item 11: no
Indonesian in the English interface), and every word in them is one the importer reads back."""

import pytest
from django.utils import translation

from imports.importers import TYPE_CHOICES, YES, MembersImporter, PeopleImporter, RoadmapImporter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "kinds", "staff", "no"),
    [("en", {"outcome", "output", "milestone"}, "Partner staff", "no"),
     ("id", {"capaian", "keluaran", "tonggak capaian"}, "Staf mitra", "tidak")],
)  # fmt: skip
def test_example_rows_follow_the_language(cast, lang, kinds, staff, no):
    with translation.override(lang):
        roadmap = RoadmapImporter().example(cast.program)
        members = MembersImporter().example(cast.program)
        people = PeopleImporter().example(cast.program)
    assert {row[0] for row in roadmap} == kinds
    assert all(TYPE_CHOICES[row[0].casefold()] for row in roadmap)
    assert members[0][1] == staff and members[0][3] == no and YES[no] is False
    assert people[0][2] == staff
