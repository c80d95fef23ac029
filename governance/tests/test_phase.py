import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.actions import GateNotMetError, do_change_phase
from governance.models import PhaseChange
from partners.models import Activity, Program
from partners.tests.factories import ProgramPartnerFactory

pytestmark = pytest.mark.django_db


def url(program):
    return reverse("governance:change_phase", args=[program.pk])


def test_gate_lists_exactly_what_is_missing(cast, scoping):
    cast.partner_b.endorsement_status = "requested"
    cast.partner_b.save()
    with pytest.raises(GateNotMetError) as exc:
        do_change_phase(cast.fasilitator, scoping, "managing")
    missing = exc.value.missing
    assert missing == [
        "Leadership endorsement of PT Mitra B is requested.",
        "No partnering agreement is recorded.",
    ]
    scoping.refresh_from_db()
    assert scoping.phase == "scoping"
    assert not PhaseChange.objects.exists()


def test_gate_lists_empty_sections_and_missing_own_goals(cast, scoping, full_agreement):
    full_agreement.exit_strategy = "  "
    full_agreement.save()
    full_agreement.partner_goals.filter(partner=cast.partner_a).update(goals="")
    with pytest.raises(GateNotMetError) as exc:
        do_change_phase(cast.fasilitator, scoping, "managing")
    assert exc.value.missing == [
        "The agreement section “exit strategy” is empty.",
        "The agreement does not state the own goals of Yayasan Mitra A.",
    ]


def test_gate_met_moves_phase_records_history_and_activity(cast, scoping, full_agreement):
    change = do_change_phase(cast.fasilitator, scoping, "managing")
    assert Program.objects.get(pk=scoping.pk).phase == "managing"
    assert (change.from_phase, change.to_phase, change.actor, change.override_reason) == (
        "scoping",
        "managing",
        cast.fasilitator,
        "",
    )
    activity = Activity.objects.get(kind="phase_changed")
    assert activity.actor == cast.fasilitator and "→" in activity.label


def test_override_with_reason_is_recorded(cast, scoping):
    change = do_change_phase(cast.fasilitator, scoping, "managing", override_reason="Kondisi darurat banjir.")
    assert change.override_reason == "Kondisi darurat banjir."
    assert "No partnering agreement is recorded." in change.gate_missing
    assert Program.objects.get(pk=scoping.pk).phase == "managing"


def test_gate_only_guards_leaving_scoping(cast):
    # Managing -> reviewing needs no gate even with nothing recorded.
    do_change_phase(cast.fasilitator, cast.program, "reviewing")
    assert Program.objects.get(pk=cast.program.pk).phase == "reviewing"


def test_scoping_to_closed_is_allowed_without_gate(cast, scoping):
    do_change_phase(cast.fasilitator, scoping, "closed")
    assert Program.objects.get(pk=scoping.pk).phase == "closed"


@pytest.mark.parametrize("phase", ["managing", "bogus"])
def test_same_or_invalid_phase_refused(cast, phase):
    with pytest.raises(ValidationError):
        do_change_phase(cast.fasilitator, cast.program, phase)


def test_closed_program_refused(cast):
    cast.program.phase = "closed"
    cast.program.save()
    with pytest.raises(ValidationError, match="closed"):
        do_change_phase(cast.fasilitator, cast.program, "managing")


# The page ---------------------------------------------------------------------------------


def test_facilitator_sees_gate_state_and_changes_phase(cast, scoping, login, full_agreement):
    client = login(cast.fasilitator)
    response = client.get(url(scoping))
    assert response.status_code == 200
    assert b'data-gate="met"' in response.content
    response = client.post(url(scoping), {"phase": "managing"})
    assert response.status_code == 302
    assert Program.objects.get(pk=scoping.pk).phase == "managing"


def test_gate_not_met_without_reason_is_refused_with_the_list(cast, scoping, login):
    response = login(cast.fasilitator).post(url(scoping), {"phase": "managing"})
    assert response.status_code == 200
    assert "No partnering agreement is recorded." in response.content.decode()
    assert Program.objects.get(pk=scoping.pk).phase == "scoping"


def test_gate_override_through_the_page(cast, scoping, login):
    response = login(cast.fasilitator).post(url(scoping), {"phase": "managing", "override_reason": "Darurat."})
    assert response.status_code == 302
    assert PhaseChange.objects.get().override_reason == "Darurat."


def test_bad_phase_value_is_a_form_error(cast, login):
    response = login(cast.fasilitator).post(url(cast.program), {"phase": "managing"})  # current phase
    assert response.status_code == 200
    assert response.context["form"].errors["phase"]


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "lead_b", "manajer"])
def test_members_other_than_facilitator_get_403(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(url(cast.program)).status_code == 403
    assert client.post(url(cast.program), {"phase": "reviewing"}).status_code == 403
    assert Program.objects.get(pk=cast.program.pk).phase == "managing"


def test_outsider_gets_404(cast, login):
    client = login(cast.luar)
    assert client.get(url(cast.program)).status_code == 404
    assert client.post(url(cast.program), {"phase": "reviewing"}).status_code == 404


def test_anonymous_is_sent_to_login(cast, client):
    assert client.get(url(cast.program)).status_code == 302


def test_page_query_count_is_constant(cast, scoping, login, django_assert_num_queries, full_agreement):
    client = login(cast.fasilitator)
    do_change_phase(cast.fasilitator, scoping, "closed")
    scoping.phase = "scoping"
    scoping.save()
    with django_assert_num_queries(13):  # + the sign-offs the gate reads (issue 15, item 3)
        client.get(url(scoping))
    for _ in range(3):
        ProgramPartnerFactory(program=scoping)
    for phase in ("closed",):
        do_change_phase(cast.fasilitator, scoping, phase)
        scoping.phase = "scoping"
        scoping.save()
    with django_assert_num_queries(13):  # + the sign-offs the gate reads (issue 15, item 3)
        client.get(url(scoping))


# Issue 16, item 1: skipping needs a reason, closing a confirmation, reopening an administrator


def test_skipping_a_phase_needs_a_reason_kept_in_the_history(cast, login):
    with pytest.raises(ValidationError, match="Reviewing"):
        do_change_phase(cast.fasilitator, cast.program, "sustaining")
    client = login(cast.fasilitator)
    response = client.post(url(cast.program), {"phase": "sustaining", "confirm": "on"})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert Program.objects.get(pk=cast.program.pk).phase == "managing"
    response = client.post(url(cast.program), {"phase": "sustaining", "reason": "Tinjauan digabung dengan rapat."})
    assert response.context["form"].errors["confirm"]  # a skip is confirmed too
    reason = "Tinjauan digabung dengan rapat."
    client.post(url(cast.program), {"phase": "sustaining", "reason": reason, "confirm": "on"})
    change = PhaseChange.objects.get()
    assert (change.to_phase, change.reason) == ("sustaining", "Tinjauan digabung dengan rapat.")
    assert "Tinjauan digabung dengan rapat." in client.get(url(cast.program)).content.decode()
    assert "Tinjauan digabung" in Activity.objects.get(kind="phase_changed").label


def test_the_next_phase_or_going_back_needs_no_reason(cast, login):
    client = login(cast.fasilitator)
    assert client.post(url(cast.program), {"phase": "reviewing"}).status_code == 302
    assert client.post(url(cast.program), {"phase": "managing"}).status_code == 302
    assert list(PhaseChange.objects.values_list("reason", flat=True)) == ["", ""]


def test_closing_asks_for_a_confirmation(cast, login):
    client = login(cast.fasilitator)
    response = client.post(url(cast.program), {"phase": "closed"})
    assert response.context["form"].errors["confirm"]
    assert Program.objects.get(pk=cast.program.pk).phase == "managing"
    client.post(url(cast.program), {"phase": "closed", "confirm": "on"})
    assert Program.objects.get(pk=cast.program.pk).phase == "closed"


def test_the_phase_has_no_default(cast, login):
    response = login(cast.fasilitator).get(url(cast.program))
    assert response.context["form"]["phase"].value() in (None, "")


def reopen_url(program):
    return reverse("governance:program_reopen", args=[program.pk])


def test_an_administrator_reopens_a_closed_program_with_a_reason(cast, login):
    from partners.tests.factories import UserFactory

    admin = UserFactory(username="admin_x", role="admin")
    do_change_phase(cast.fasilitator, cast.program, "closed")
    page = login(admin).get(url(cast.program))
    assert page.context["reopen_form"]["phase"].value() == "managing"  # where it was closed from
    response = login(admin).post(reopen_url(cast.program), {"phase": "managing", "confirm": "on"})
    assert response.status_code == 200 and response.context["reopen_form"].errors["reason"]
    response = login(admin).post(reopen_url(cast.program), {"phase": "managing", "reason": "Salah tutup."})
    assert response.context["reopen_form"].errors["confirm"]
    assert Program.objects.get(pk=cast.program.pk).phase == "closed"
    login(admin).post(reopen_url(cast.program), {"phase": "managing", "reason": "Salah tutup.", "confirm": "on"})
    assert Program.objects.get(pk=cast.program.pk).phase == "managing"
    change = PhaseChange.objects.order_by("-pk").first()
    assert (change.from_phase, change.to_phase, change.actor, change.reason) == (
        "closed",
        "managing",
        admin,
        "Salah tutup.",
    )
    assert Activity.objects.filter(kind="program_reopened", actor=admin).exists()


def test_only_an_administrator_reopens(cast, login):
    do_change_phase(cast.fasilitator, cast.program, "closed")
    data = {"phase": "managing", "reason": "Lanjut.", "confirm": "on"}
    assert login(cast.fasilitator).post(reopen_url(cast.program), data).status_code == 403
    assert (
        "reopen_form" not in login(cast.fasilitator).get(url(cast.program)).context
        or not login(cast.fasilitator).get(url(cast.program)).context["reopen_form"]
    )
    for who in ("staf_a", "lead_a", "manajer"):
        assert login(getattr(cast, who)).post(reopen_url(cast.program), data).status_code == 403
    assert login(cast.luar).post(reopen_url(cast.program), data).status_code == 404
    assert Program.objects.get(pk=cast.program.pk).phase == "closed"
    from governance.actions import do_reopen_program

    with pytest.raises(ValidationError):
        do_reopen_program(cast.fasilitator, cast.program, "managing", reason="x")


def test_reopening_an_open_program_is_refused(cast):
    from governance.actions import do_reopen_program
    from partners.tests.factories import UserFactory

    with pytest.raises(ValidationError, match="not closed"):
        do_reopen_program(UserFactory(username="admin_y", role="admin"), cast.program, "managing", reason="x")


# Issue 16, item 10: one source of own goals; each gate line links to where it is fixed


def test_every_gate_line_links_to_where_it_is_fixed(cast, scoping):
    from governance.selectors import gate_missing

    cast.partner_b.endorsement_status = "requested"
    cast.partner_b.save()
    lines = gate_missing(scoping)
    assert [line.url for line in lines] == [
        reverse("partners:endorsement_edit", args=[cast.partner_b.pk]),
        reverse("governance:agreement_edit", args=[scoping.pk]),
    ]


def test_the_gate_page_shows_the_links(cast, scoping, login):
    html = login(cast.fasilitator).get(url(scoping)).content.decode()
    assert f'href="{reverse("governance:agreement_edit", args=[scoping.pk])}"' in html


def test_the_program_page_shows_the_agreements_own_goals_not_the_proposal(cast, scoping, login, full_agreement):
    cast.partner_a.own_goals = "Usulan yang belum disepakati."
    cast.partner_a.save()
    full_agreement.partner_goals.filter(partner=cast.partner_b).delete()
    html = login(cast.fasilitator).get(reverse("partners:program_detail", args=[scoping.pk])).content.decode()
    # Partner A: the agreed text, not its proposal.
    assert f'data-testid="own-goals-{cast.partner_a.pk}"' in html
    assert "Memperluas jangkauan layanan." in html
    # Partner B: the page says what the gate says, with the link to fix it.
    assert f'data-testid="own-goals-missing-{cast.partner_b.pk}"' in html
    from governance.selectors import gate_missing

    assert any("PT Mitra B" in line and "own goals" in line for line in gate_missing(scoping))
