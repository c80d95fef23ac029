"""Issue 15, item 3: the partnering agreement is agreed, not just written.

Each partner signs off (through its lead, or the staff it designated when it has no lead); a
change after sign-off keeps the signed text as a version, starts the next one with a visible
diff, and asks again; the scoping gate needs every partner's sign-off of the current version."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.actions import GateNotMetError, do_change_phase, do_save_agreement, do_sign_agreement
from governance.models import AgreementSignOff, AgreementVersion, PartneringAgreement
from governance.selectors import gate_missing
from governance.tests.factories import SECTION_TEXT
from notifications.models import Notification
from partners.models import Activity, Program

pytestmark = pytest.mark.django_db


def save(cast, **changes):
    goals = {cast.partner_a.pk: "Tujuan A", cast.partner_b.pk: "Tujuan B"}
    return do_save_agreement(cast.fasilitator, cast.program, sections={**SECTION_TEXT, **changes}, partner_goals=goals)


@pytest.fixture
def agreement(cast, scoping):
    return save(cast)


def test_each_partner_lead_signs_the_current_version(cast, agreement):
    do_sign_agreement(cast.lead_a, cast.program)
    sign_off = AgreementSignOff.objects.get()
    assert (sign_off.version, sign_off.partner, sign_off.signed_by) == (1, cast.partner_a, cast.lead_a)
    assert Activity.objects.filter(kind="agreement_signed").count() == 1


def test_sign_refusals(cast, agreement):
    for who in (cast.staf_a, cast.fasilitator, cast.manajer):
        with pytest.raises(ValidationError) as exc:
            do_sign_agreement(who, cast.program)
        assert exc.value.code == "not_voice"
    do_sign_agreement(cast.lead_a, cast.program)
    with pytest.raises(ValidationError) as exc:
        do_sign_agreement(cast.lead_a, cast.program)
    assert exc.value.code == "signed"
    assert AgreementSignOff.objects.count() == 1


def test_an_incomplete_agreement_cannot_be_signed(cast, scoping):
    save(cast, exit_strategy="")
    with pytest.raises(ValidationError) as exc:
        do_sign_agreement(cast.lead_a, cast.program)
    assert exc.value.code == "incomplete"


def test_no_agreement_or_closed_program(cast):
    with pytest.raises(ValidationError) as exc:
        do_sign_agreement(cast.lead_a, cast.program)
    assert exc.value.code == "no_agreement"
    save(cast)
    Program.objects.filter(pk=cast.program.pk).update(phase="closed")
    cast.program.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        do_sign_agreement(cast.lead_a, cast.program)


def test_drafting_before_any_sign_off_keeps_the_version(cast, agreement):
    save(cast, communication="Rapat mingguan.")
    agreement.refresh_from_db()
    assert agreement.version == 1
    assert not AgreementVersion.objects.exists()


def test_a_change_after_sign_off_starts_a_new_version_and_asks_again(cast, agreement):
    do_sign_agreement(cast.lead_a, cast.program)
    save(cast, communication="Buletin bulanan.\nRapat mingguan.")
    agreement.refresh_from_db()
    assert agreement.version == 2
    kept = AgreementVersion.objects.get()
    assert (kept.number, kept.text["sections"]["communication"]) == (1, SECTION_TEXT["communication"])
    asked = set(Notification.objects.filter(kind="agreement_sign_again").values_list("user__username", flat=True))
    assert asked == {"lead_a", "lead_b"}
    # The old sign-off no longer counts; lead A may sign version 2.
    assert "Yayasan Mitra A has not signed version 2 of the agreement." in gate_missing(cast.program)
    do_sign_agreement(cast.lead_a, cast.program)
    assert AgreementSignOff.objects.filter(version=2).count() == 1


def test_saving_the_same_text_is_no_new_version(cast, agreement):
    do_sign_agreement(cast.lead_a, cast.program)
    save(cast)
    agreement.refresh_from_db()
    assert agreement.version == 1


def test_the_gate_needs_every_partners_sign_off(cast, agreement):
    with pytest.raises(GateNotMetError) as exc:
        do_change_phase(cast.fasilitator, cast.program, "managing")
    assert any("has not signed version 1" in line for line in exc.value.missing)
    do_sign_agreement(cast.lead_a, cast.program)
    do_sign_agreement(cast.lead_b, cast.program)
    assert gate_missing(cast.program) == []
    do_change_phase(cast.fasilitator, cast.program, "managing")


def test_page_shows_the_diff_escaped(cast, agreement, login):
    do_sign_agreement(cast.lead_a, cast.program)
    save(cast, communication="<script>alert(1)</script>")
    page = login(cast.lead_b).get(reverse("governance:agreement", args=[cast.program.pk]))
    html = page.content.decode()
    assert 'data-testid="agreement-diff"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert page.context["may_sign"]


def test_sign_through_the_page(cast, agreement, login):
    url = reverse("governance:agreement_sign", args=[cast.program.pk])
    response = login(cast.lead_a).post(url)
    assert response.status_code == 302
    assert AgreementSignOff.objects.get().partner == cast.partner_a
    page = login(cast.lead_a).get(reverse("governance:agreement", args=[cast.program.pk]))
    assert not page.context["may_sign"]


@pytest.mark.parametrize("who", ["staf_a", "manajer", "fasilitator"])
def test_sign_page_refuses_who_does_not_speak_for_a_partner(cast, agreement, login, who):
    url = reverse("governance:agreement_sign", args=[cast.program.pk])
    assert login(getattr(cast, who)).post(url).status_code == 403
    assert not AgreementSignOff.objects.exists()


def test_sign_page_outsider_404(cast, agreement, login):
    url = reverse("governance:agreement_sign", args=[cast.program.pk])
    assert login(cast.luar).post(url).status_code == 404
    assert not PartneringAgreement.objects.filter(sign_offs__isnull=False).exists()
