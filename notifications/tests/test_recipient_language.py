"""Notifications are written in each recipient's language, not in the language of whoever
triggered them (issue 16, item 11: no Indonesian inside the English interface)."""

import pytest
from django.utils import translation

from notifications.actions import do_notify
from notifications.models import Notification, Reminder

pytestmark = pytest.mark.django_db


def test_interface_words_follow_each_recipient_and_names_stay_as_written(cast):
    cast.staf_a.language = "en"
    cast.staf_a.save(update_fields=["language"])
    cast.staf_b.language = "id"
    cast.staf_b.save(update_fields=["language"])
    with translation.override("id"):  # the actor works in Indonesian
        do_notify(
            [cast.staf_a, cast.staf_b],
            "assessment_returned",
            lambda: translation.gettext("Assessment returned: %(program)s") % {"program": "Desa Sejahtera"},
            "Catatan pendamping: mohon dilengkapi.",  # someone's note: kept as written
            "/assessments/",
            program=cast.program,
        )
    english = Notification.objects.get(user=cast.staf_a)
    indonesian = Notification.objects.get(user=cast.staf_b)
    assert english.label == f"{cast.program.name} · Assessment returned: Desa Sejahtera"
    assert indonesian.label == f"{cast.program.name} · Penilaian dikembalikan: Desa Sejahtera"
    assert english.message == indonesian.message == "Catatan pendamping: mohon dilengkapi."
    # The email digest copies the recipient's own text.
    ledger = {r.user_id: r for r in Reminder.objects.filter(object_type="notification")}
    assert ledger[cast.staf_a.pk].label == english.label
    assert ledger[cast.staf_b.pk].label == indonesian.label


def test_the_partner_lead_change_reaches_an_english_facilitator_in_english(cast):
    from partners.actions import _request_reendorsement

    partner = cast.staf_a.memberships.get(program=cast.program).partner
    cast.fasilitator.language = "en"
    cast.fasilitator.save(update_fields=["language"])
    with translation.override("id"):
        _request_reendorsement(cast.lead_a, partner)
    note = Notification.objects.get(user=cast.fasilitator, kind="reendorsement_needed")
    assert note.message == "The partner's lead changed; please obtain a renewed leadership endorsement."
