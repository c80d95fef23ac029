import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitation.models import MediationCase
from facilitation.tests.factories import MediationCaseFactory, MeetingFactory
from partners.models import Activity

pytestmark = pytest.mark.django_db

PARTIES = ["staf_a", "lead_a", "staf_b", "lead_b"]  # the cast's two partners are the parties
READ_ALL = ["fasilitator", "manajer", "admin"]


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def case(cast):
    meeting = MeetingFactory(program=cast.program, title="Rapat mediasi")
    case = MediationCaseFactory(
        program=cast.program,
        title="Sengketa biaya transportasi",
        parties=[cast.partner_a, cast.partner_b],
        lessons_learnt="Sepakati pembagian biaya sejak awal.",
    )
    case.meetings.add(meeting)
    return case


def case_data(cast, **overrides):
    return {
        "title": "Perbedaan data penerima manfaat",
        "parties": [cast.partner_a.pk, cast.partner_b.pk],
        "issue": "Daftar penerima dari kedua mitra berbeda.",
        "opened_on": days(0).isoformat(),
        "status": "open",
        "resolution": "",
        "lessons_learnt": "",
    } | overrides


# --- who sees a case ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", READ_ALL + PARTIES)
def test_facilitator_managers_and_parties_see_the_case(cast, login, case, who):
    response = login(getattr(cast, who)).get(case.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sengketa biaya transportasi" in body and "Sepakati pembagian biaya sejak awal." in body
    assert "Rapat mediasi" in body


def test_staff_of_a_partner_who_is_not_a_party_gets_404(cast, login, case, partner_c):
    assert login(partner_c.staf_c).get(case.get_absolute_url()).status_code == 404


def test_outsider_gets_404(cast, login, case):
    assert login(cast.luar).get(case.get_absolute_url()).status_code == 404


def test_a_case_between_a_and_c_is_hidden_from_b(cast, login, partner_c):
    case = MediationCaseFactory(program=cast.program, parties=[cast.partner_a, partner_c])
    assert login(cast.lead_b).get(case.get_absolute_url()).status_code == 404
    assert login(cast.staf_b).get(case.get_absolute_url()).status_code == 404
    assert login(partner_c.staf_c).get(case.get_absolute_url()).status_code == 200


def test_the_list_shows_each_person_only_the_cases_they_may_see(cast, login, case, partner_c):
    other = MediationCaseFactory(program=cast.program, title="Kasus A dan C", parties=[cast.partner_a, partner_c])
    url = reverse("facilitation:mediation_list", args=[cast.program.pk])

    def titles(user):
        return {c.title for c in login(user).get(url).context["cases"]}

    assert titles(cast.fasilitator) == {case.title, other.title}
    assert titles(cast.manajer) == {case.title, other.title}
    assert titles(cast.staf_a) == {case.title, other.title}
    assert titles(cast.staf_b) == {case.title}
    assert titles(partner_c.staf_c) == {other.title}


def test_outsider_gets_404_on_the_list(cast, login, case):
    assert login(cast.luar).get(reverse("facilitation:mediation_list", args=[cast.program.pk])).status_code == 404


def test_mediation_list_query_count_is_constant(cast, login, partner_c, django_assert_num_queries):
    client = login(cast.fasilitator)
    url = reverse("facilitation:mediation_list", args=[cast.program.pk])
    for _i in range(2):
        MediationCaseFactory(program=cast.program, parties=[cast.partner_a, cast.partner_b])
    # overhead 6 (session, user, notifications, session save x3); program, membership, cases, parties, orgs
    with django_assert_num_queries(11):
        client.get(url)
    for _i in range(6):
        MediationCaseFactory(program=cast.program, parties=[cast.partner_a, cast.partner_b, partner_c])
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["cases"]) == 8


def test_case_page_query_count_is_constant(cast, login, case, partner_c, django_assert_num_queries):
    client = login(cast.fasilitator)
    # 10, plus the lessons published from the case (issue 15, item 5)
    with django_assert_num_queries(11):
        client.get(case.get_absolute_url())
    case.parties.add(partner_c)
    for _i in range(4):
        case.meetings.add(MeetingFactory(program=cast.program))
    with django_assert_num_queries(11):
        response = client.get(case.get_absolute_url())
    assert len(response.context["meetings"]) == 5


# --- opening and updating a case -------------------------------------------------------------------


def test_facilitator_opens_a_case_and_the_feed_does_not_leak_it(cast, login):
    meeting = MeetingFactory(program=cast.program)
    response = login(cast.fasilitator).post(
        reverse("facilitation:mediation_create", args=[cast.program.pk]), case_data(cast, meetings=[meeting.pk])
    )
    case = MediationCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert set(case.parties.all()) == {cast.partner_a, cast.partner_b}
    assert list(case.meetings.all()) == [meeting]
    line = Activity.objects.get(kind="mediation_opened")
    assert (line.label, line.url) == ("", "")
    feed = login(cast.staf_a).get(reverse("facilitation:activity", args=[cast.program.pk])).content.decode()
    assert "opened a mediation case" in feed
    assert "penerima manfaat" not in feed and "Perbedaan data" not in feed


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"parties": ["A"]}, "parties", "A mediation case is between at least two partners."),
        ({"opened_on": days(2).isoformat()}, "opened_on", "The date opened cannot be in the future."),
        ({"status": "resolved"}, "resolution", "Record the agreed resolution before marking the case resolved."),
        ({"issue": ""}, "issue", "This field is required."),
        ({"parties": ["A", "other"]}, "parties", "Select a valid choice."),
        ({"status": "closed"}, "status", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(cast, login, overrides, field, message):
    if "parties" in overrides:
        other = cast.luar.memberships.get().program.partners.create(organisation=cast.org_a, role="lead")
        overrides["parties"] = [{"A": cast.partner_a.pk, "other": other.pk}[p] for p in overrides["parties"]]
    response = login(cast.fasilitator).post(
        reverse("facilitation:mediation_create", args=[cast.program.pk]), case_data(cast, **overrides)
    )
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not MediationCase.objects.exists() and not Activity.objects.exists()


def test_resolving_a_case_records_the_date_and_a_generic_feed_line(cast, login, case):
    data = case_data(cast, title=case.title, status="resolved", resolution="Biaya dibagi dua.", lessons_learnt="X")
    response = login(cast.fasilitator).post(reverse("facilitation:mediation_edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_resolved and case.resolved_on == timezone.localdate()
    assert case.resolution == "Biaya dibagi dua."
    line = Activity.objects.get()
    assert (line.kind, line.label, line.url) == ("mediation_resolved", "", "")


def test_reopening_clears_the_resolution_date(cast, login, case):
    case.status, case.resolution, case.resolved_on = "resolved", "Sepakat", days(-1)
    case.save()
    login(cast.fasilitator).post(reverse("facilitation:mediation_edit", args=[case.pk]), case_data(cast, status="open"))
    case.refresh_from_db()
    assert case.status == "open" and case.resolved_on is None
    assert Activity.objects.get().kind == "mediation_reopened"


@pytest.mark.parametrize("who", ["manajer"] + PARTIES)
def test_managers_and_parties_cannot_change_a_case(cast, login, case, who):
    client = login(getattr(cast, who))
    url = reverse("facilitation:mediation_edit", args=[case.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, case_data(cast, status="escalated")).status_code == 403
    case.refresh_from_db()
    assert case.status == "open"


def test_a_non_party_gets_404_on_edit(cast, login, case, partner_c):
    url = reverse("facilitation:mediation_edit", args=[case.pk])
    assert login(partner_c.staf_c).post(url, case_data(cast)).status_code == 404
    assert login(cast.luar).post(url, case_data(cast)).status_code == 404


@pytest.mark.parametrize("who", ["manajer", "staf_a", "lead_a"])
def test_only_the_facilitator_opens_cases(cast, login, who):
    url = reverse("facilitation:mediation_create", args=[cast.program.pk])
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 403
    assert client.post(url, case_data(cast)).status_code == 403
    assert not MediationCase.objects.exists()


def test_outsider_gets_404_on_create(cast, login):
    url = reverse("facilitation:mediation_create", args=[cast.program.pk])
    assert login(cast.luar).post(url, case_data(cast)).status_code == 404
    assert not MediationCase.objects.exists()


def test_the_create_form_opens_with_today(cast, login):
    response = login(cast.fasilitator).get(reverse("facilitation:mediation_create", args=[cast.program.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["opened_on"] == timezone.localdate()


def test_staff_of_a_non_party_partner_cannot_open_cases(cast, login, partner_c):
    url = reverse("facilitation:mediation_create", args=[cast.program.pk])
    assert login(partner_c.staf_c).post(url, case_data(cast)).status_code == 403
    assert not MediationCase.objects.exists()
