"""The facilitator's journal by role (issue 15, item 6) and the profile's mix of roles over time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitation.models import FacilitatorRole, JournalEntry
from facilitation.tests.factories import JournalEntryFactory

pytestmark = pytest.mark.django_db


def journal_url(cast):
    return reverse("facilitation:journal", args=[cast.program.pk])


def new_url(cast):
    return reverse("facilitation:journal_create", args=[cast.program.pk])


def entry_data(**overrides):
    return {
        "date": timezone.localdate().isoformat(),
        "role": "trainer",
        "text": "Melatih kader desa menyusun laporan.",
        "bridge_from": "",
        "bridge_to": "",
        "bridge_people": "",
    } | overrides


def test_the_seven_roles_of_the_source_text():
    assert [r.value for r in FacilitatorRole] == [
        "building_ideas",
        "promoter",
        "bridge",
        "options",
        "role_model",
        "mediator",
        "trainer",
    ]


def test_facilitator_writes_an_entry(cast, login):
    response = login(cast.fasilitator).post(new_url(cast), entry_data())
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.program, entry.author, entry.role) == (cast.program, cast.fasilitator, "trainer")
    assert entry.bridge_from is None


def test_a_bridge_entry_records_who_was_introduced_to_whom(cast, login):
    client = login(cast.fasilitator)
    data = entry_data(role="bridge", bridge_from=cast.org_a.pk, bridge_to=cast.org_b.pk, bridge_people="Ibu Maria")
    assert client.post(new_url(cast), data).status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.bridge_from, entry.bridge_to, entry.bridge_people) == (cast.org_a, cast.org_b, "Ibu Maria")
    body = client.get(journal_url(cast)).content.decode()
    assert f"Introduced {cast.org_a.name} to {cast.org_b.name}" in body


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"role": "bridge"}, "A bridge entry names the two organisations introduced to each other."),
        ({"role": "bridge", "bridge_from": "A", "bridge_to": "A"}, "An organisation is not introduced to itself."),
        ({"date": "2999-01-01"}, "A journal entry cannot be dated in the future."),
        ({"role": "match_maker"}, "Select a valid choice."),
        ({"text": ""}, "This field is required."),
    ],
)
def test_bad_entries_are_refused_with_a_form_error(cast, login, overrides, message):
    if overrides.get("bridge_from") == "A":
        overrides = overrides | {"bridge_from": cast.org_a.pk, "bridge_to": cast.org_a.pk}
    response = login(cast.fasilitator).post(new_url(cast), entry_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_bridge_fields_are_dropped_for_other_roles(cast, login):
    data = entry_data(role="mediator", bridge_from=cast.org_a.pk, bridge_to=cast.org_b.pk, bridge_people="x")
    assert login(cast.fasilitator).post(new_url(cast), data).status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.bridge_from is None and entry.bridge_people == ""


def test_managers_read_but_do_not_write(cast, login):
    JournalEntryFactory(program=cast.program, author=cast.fasilitator, text="Catatan rahasia pendamping")
    client = login(cast.manajer)
    assert "Catatan rahasia pendamping" in client.get(journal_url(cast)).content.decode()
    assert client.get(new_url(cast)).status_code == 403
    assert client.post(new_url(cast), entry_data()).status_code == 403
    assert JournalEntry.objects.count() == 1


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "lead_b"])
def test_partner_people_get_403(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(journal_url(cast)).status_code == 403
    assert client.post(new_url(cast), entry_data()).status_code == 403


def test_outsider_gets_404(cast, login):
    client = login(cast.luar)
    assert client.get(journal_url(cast)).status_code == 404
    assert client.post(new_url(cast), entry_data()).status_code == 404


def test_journal_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.fasilitator)
    JournalEntryFactory(program=cast.program, author=cast.fasilitator)
    # overhead 6; program, membership, count, entries, role mix
    with django_assert_num_queries(11):
        client.get(journal_url(cast))
    for role in FacilitatorRole:
        JournalEntryFactory(
            program=cast.program,
            author=cast.fasilitator,
            role=role,
            date=timezone.localdate() - datetime.timedelta(days=120),
            **({"bridge_from": cast.org_a, "bridge_to": cast.org_b} if role == "bridge" else {}),
        )
    with django_assert_num_queries(11):
        response = client.get(journal_url(cast))
    assert len(response.context["page"]) == 8


# --- the facilitator's profile ------------------------------------------------------------------------


def profile_url(user):
    return reverse("facilitation:facilitator_profile", args=[user.pk])


def test_the_profile_shows_the_mix_of_roles_by_quarter(cast, login):
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=100)
    for role, day in [("trainer", today), ("trainer", today), ("mediator", today), ("bridge", earlier)]:
        extra = {"bridge_from": cast.org_a, "bridge_to": cast.org_b} if role == "bridge" else {}
        JournalEntryFactory(program=cast.program, author=cast.fasilitator, role=role, date=day, **extra)
    JournalEntryFactory(program=cast.program, author=cast.luar, role="trainer", date=today)  # not theirs
    response = login(cast.manajer).get(profile_url(cast.fasilitator))
    assert response.status_code == 200
    mix = response.context["mix"]
    assert [row["total"] for row in mix["rows"]] == ([1, 3] if earlier < today else [4])
    trainer = list(FacilitatorRole).index("trainer")
    assert mix["totals"][trainer] == 2 and sum(mix["totals"]) == 4
    assert mix["chart"]["datasets"][trainer]["label"] == "Trainer"
    body = response.content.decode()
    assert 'data-testid="role-mix"' in body and "role-mix-data" in body and "<table" in body
    assert "External" in body  # the cast's facilitator is external


@pytest.mark.parametrize("who", ["fasilitator", "luar", "manajer", "admin"])
def test_internal_users_read_a_profile(cast, login, who):
    assert login(getattr(cast, who)).get(profile_url(cast.fasilitator)).status_code == 200


@pytest.mark.parametrize("who", ["staf_a", "lead_a"])
def test_partner_people_do_not_see_profiles(cast, login, who):
    assert login(getattr(cast, who)).get(profile_url(cast.fasilitator)).status_code == 404


def test_a_non_facilitator_has_no_profile(cast, login):
    assert login(cast.admin).get(profile_url(cast.staf_a)).status_code == 404


def test_profile_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.manajer)
    JournalEntryFactory(program=cast.program, author=cast.fasilitator)
    # overhead 6; facilitator, programs, hand-overs, role mix
    with django_assert_num_queries(10):
        client.get(profile_url(cast.fasilitator))
    for n in range(8):
        JournalEntryFactory(
            program=cast.program, author=cast.fasilitator, date=timezone.localdate() - datetime.timedelta(days=40 * n)
        )
    with django_assert_num_queries(10):
        client.get(profile_url(cast.fasilitator))


# --- internal or external, set in the app (issue 15, item 7) ---------------------------------------------


def test_the_facilitator_sets_kind_and_institution(cast, login):
    url = reverse("facilitation:facilitator_edit", args=[cast.fasilitator.pk])
    response = login(cast.fasilitator).post(url, {"facilitator_kind": "internal", "organisation": cast.org_a.pk})
    assert response.status_code == 302
    cast.fasilitator.refresh_from_db()
    assert (cast.fasilitator.facilitator_kind, cast.fasilitator.organisation) == ("internal", cast.org_a)


def test_a_bad_kind_is_a_form_error(cast, login):
    url = reverse("facilitation:facilitator_edit", args=[cast.fasilitator.pk])
    response = login(cast.admin).post(url, {"facilitator_kind": "freelance"})
    assert response.status_code == 400
    cast.fasilitator.refresh_from_db()
    assert cast.fasilitator.facilitator_kind == "external"


@pytest.mark.parametrize("who", ["luar", "manajer"])
def test_others_cannot_change_a_profile(cast, login, who):
    url = reverse("facilitation:facilitator_edit", args=[cast.fasilitator.pk])
    assert login(getattr(cast, who)).post(url, {"facilitator_kind": "internal"}).status_code == 403
    cast.fasilitator.refresh_from_db()
    assert cast.fasilitator.facilitator_kind == "external"
