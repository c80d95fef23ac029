"""The permission matrix, for every results URL.

facilitator: defines indicators and reviews; partner A (responsible for HH-1): reports and edits its
own results; partner B (not responsible for HH-1): reads; manager: reads; outsider: 404 everywhere.
"""

import pytest
from django.urls import reverse

from results.models import Result, ResultEvidence
from results.tests.conftest import pdf_file

pytestmark = pytest.mark.django_db

ROLES = ["fasilitator", "staf_a", "lead_a", "staf_b", "manajer", "luar"]


@pytest.fixture
def objects(cast, framework, draft_result, submitted_result, approved_result):
    evidence = ResultEvidence.objects.create(result=submitted_result, file=pdf_file(), original_name="bukti.pdf")
    return {
        "iptt": [cast.program.pk],
        "periods_generate": [cast.program.pk],
        "indicator_create": [cast.program.pk],
        "indicator_detail": [framework.indicator.pk],
        "indicator_edit": [framework.indicator.pk],
        "indicator_targets": [framework.indicator.pk],
        "result_create": [framework.indicator.pk, framework.past[0].pk],
        "result_detail": [draft_result.pk],
        "result_edit": [draft_result.pk],
        "result_submit": [draft_result.pk],
        "result_correct": [approved_result.pk],
        "result_review": [submitted_result.pk],
        "evidence_download": [evidence.pk],
    }


READ = (200, 200, 200, 200, 200, 404)
MANAGE = (200, 403, 403, 403, 403, 404)
REPORT = (403, 200, 200, 403, 403, 404)  # the people of the responsible partner (A)
GET_MATRIX = {
    "iptt": READ,
    "indicator_detail": READ,
    "result_detail": READ,
    "evidence_download": READ,
    "indicator_create": MANAGE,
    "indicator_edit": MANAGE,
    "indicator_targets": MANAGE,
    "result_review": MANAGE,
    "result_create": REPORT,
    "result_edit": REPORT,
    "result_correct": REPORT,
}
POST_MATRIX = {
    "periods_generate": (302, 403, 403, 403, 403, 404),
    "indicator_create": (200, 403, 403, 403, 403, 404),
    "indicator_edit": (200, 403, 403, 403, 403, 404),
    "indicator_targets": (200, 403, 403, 403, 403, 404),
    "result_review": (200, 403, 403, 403, 403, 404),
    "result_create": (403, 200, 200, 403, 403, 404),
    "result_edit": (403, 200, 200, 403, 403, 404),
    "result_correct": (403, 200, 200, 403, 403, 404),
    "result_submit": (403, 302, 302, 403, 403, 404),
}


@pytest.mark.parametrize("name", sorted(GET_MATRIX))
def test_get_matrix(name, cast, objects, login):
    url = reverse(f"results:{name}", args=objects[name])
    got = tuple(login(getattr(cast, role)).get(url).status_code for role in ROLES)
    assert got == GET_MATRIX[name], dict(zip(ROLES, got, strict=True))


@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_post_matrix(name, cast, objects, login):
    url = reverse(f"results:{name}", args=objects[name])
    got = []
    for role in ROLES:
        Result.objects.filter(pk=objects["result_submit"][0]).update(state=Result.State.DRAFT)
        got.append(login(getattr(cast, role)).post(url, {}).status_code)
    assert tuple(got) == POST_MATRIX[name], dict(zip(ROLES, got, strict=True))


CATALOGUE = {"portfolio": (200, 403, 403, 403, 200, 200), "standard_list": (200, 403, 403, 403, 200, 200)}
# managers and admins maintain the catalogue; facilitators read it
CATALOGUE_EDIT = (403, 403, 403, 403, 200, 403)  # on the create page; an entry is 404 to partner people


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_pages_across_programs(name, cast, login):
    got = tuple(login(getattr(cast, role)).get(reverse(f"results:{name}")).status_code for role in ROLES)
    assert got == CATALOGUE[name]


def test_catalogue_is_maintained_by_managers(cast, login):
    from results.tests.factories import StandardIndicatorFactory

    standard = StandardIndicatorFactory()
    url = reverse("results:standard_create")
    assert tuple(login(getattr(cast, role)).get(url).status_code for role in ROLES) == CATALOGUE_EDIT
    url = reverse("results:standard_edit", args=[standard.pk])
    assert tuple(login(getattr(cast, role)).get(url).status_code for role in ROLES) == (403, 404, 404, 404, 200, 403)
    assert login(cast.admin).get(reverse("results:standard_create")).status_code == 200


def test_submit_refuses_get(cast, draft_result, login):
    assert login(cast.staf_a).get(reverse("results:result_submit", args=[draft_result.pk])).status_code == 405


def test_anonymous_is_sent_to_login(cast, framework, client):
    response = client.get(reverse("results:iptt", args=[cast.program.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_period_of_another_program_is_404(cast, framework, login):
    from partners.tests.factories import ProgramFactory
    from results.actions import do_generate_periods

    other = ProgramFactory()
    period = do_generate_periods(cast.fasilitator, other)[0]
    url = reverse("results:result_create", args=[framework.indicator.pk, period.pk])
    assert login(cast.staf_a).get(url).status_code == 404
