"""Whatever is posted to an assessments form, the answer is never a 500 and invalid input saves nothing."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assessment, Behaviour, HealthDimension, Round
from assessments.models import HealthCheck as Check
from assessments.tests.factories import CapacityPlanFactory

HOSTILE = st.one_of(
    st.just(""),
    st.text(max_size=20),
    st.sampled_from(["0", "6", "-1", "3.5", "1e309", "NaN", "2026-02-30", "' OR 1=1 --", "\x00", "x" * 3000]),
    st.integers(1, 5).map(str),
)
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _fields(names):
    return st.fixed_dictionaries({}, optional={name: HOSTILE for name in names})


@FUZZ
@given(data=st.data())
def test_assessment_form_never_500(cast, login, round_, data):
    behaviours = list(Behaviour.objects.filter(competency__framework=round_.framework).values_list("pk", flat=True))
    names = [f"score_{pk}" for pk in behaviours[:4]] + [f"evidence_{pk}" for pk in behaviours[:2]] + ["action"]
    payload = data.draw(_fields(names))
    response = login(cast.staf_a).post(reverse("assessments:assess", args=[round_.pk, cast.staf_a.pk]), payload)
    assert response.status_code in (302, 400)
    for assessment in Assessment.objects.all():
        assert assessment.status == "draft"  # never submitted with scores missing
        assert all(1 <= s.value <= 5 for s in assessment.scores.all())


@FUZZ
@given(data=st.data())
def test_health_form_never_500(cast, login, round_, data):
    names = [f"score_{pk}" for pk in HealthDimension.objects.values_list("pk", flat=True)[:3]] + ["comments", "action"]
    response = login(cast.lead_a).post(reverse("assessments:health_check", args=[round_.pk]), data.draw(_fields(names)))
    assert response.status_code in (302, 400)
    assert not Check.objects.filter(status="submitted").exists()


@FUZZ
@given(data=st.data())
def test_other_forms_never_500(cast, login, data):
    client = login(cast.fasilitator)
    plan = CapacityPlanFactory(program=cast.program, person=cast.staf_a)
    cases = [
        (reverse("assessments:round_create", args=[cast.program.pk]), ["kind", "held_on", "closes_on"]),
        (reverse("assessments:plan_create", args=[cast.program.pk]), ["title", "person", "partner", "goals"]),
        (reverse("assessments:training_create", args=[plan.pk]), ["title", "start_date", "end_date", "provider"]),
        (reverse("assessments:credentials"), ["title", "provider", "completed_on", "valid_until"]),
        (reverse("assessments:suggestions"), ["competency_code", "order", "text_id", "text_en"]),
    ]
    for url, names in cases:
        response = client.post(url, data.draw(_fields(names)))
        assert response.status_code in (200, 302), url
    for r in Round.objects.all():
        assert r.closes_on >= r.held_on
