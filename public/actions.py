"""Writes for public pages and their agreements."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from partners.actions import record_activity
from public.models import BulletinDelivery, BulletinRecipient, BulletinSchedule, PublicConsent, PublicPage
from public.periods import last_complete_period

ACTIVITY_KINDS = {
    "public_published": _("Public page published"),
    "public_unpublished": _("Public page taken down"),
    "public_agreed": _("Partner agreed to the public page"),
    "public_withdrawn": _("Partner withdrew agreement to the public page"),
}


def _unique_slug(program):
    base = slugify(program.name)[:60] or "program"
    slug = base
    n = 1
    while PublicPage.objects.filter(slug=slug).exclude(program=program).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def do_publish_program(actor, program):
    page, _created = PublicPage.objects.select_for_update().get_or_create(
        program=program, defaults={"slug": _unique_slug(program)}
    )
    page.is_published = True
    page.published_by = actor
    page.published_at = timezone.now()
    page.save(update_fields=["is_published", "published_by", "published_at", "updated_at"])
    record_activity(program, actor, "public_published", program.name)
    return page


@transaction.atomic
def do_unpublish_program(actor, program):
    changed = PublicPage.objects.filter(program=program, is_published=True).update(
        is_published=False, updated_at=timezone.now()
    )
    if changed:
        record_activity(program, actor, "public_unpublished", program.name)
    return bool(changed)


@transaction.atomic
def do_agree_public_page(actor, partner):
    try:
        with transaction.atomic():
            consent, created = PublicConsent.objects.get_or_create(
                partner=partner, defaults={"program_id": partner.program_id, "agreed_by": actor}
            )
    except IntegrityError:  # a second click raced the first: the agreement exists
        return PublicConsent.objects.get(partner=partner)
    if created:
        record_activity(partner.program, actor, "public_agreed", partner.organisation.name)
    return consent


@transaction.atomic
def do_withdraw_public_consent(actor, partner):
    """The page goes offline from the next request on (the rule is read from the database)."""
    deleted, _rows = PublicConsent.objects.filter(partner=partner).delete()
    if deleted:
        record_activity(partner.program, actor, "public_withdrawn", partner.organisation.name)
    return bool(deleted)


# --- The bulletin: schedule, distribution list, ledger ------------------------------------------


@transaction.atomic
def do_set_bulletin_schedule(actor, program, *, frequency, in_indonesian, in_english):
    schedule, created = BulletinSchedule.objects.select_for_update().get_or_create(
        program=program,
        defaults={
            "frequency": frequency,
            "in_indonesian": in_indonesian,
            "in_english": in_english,
            "starts_on": timezone.localdate(),
        },
    )
    if not created:
        if schedule.frequency == BulletinSchedule.Frequency.OFF and frequency != schedule.frequency:
            schedule.starts_on = timezone.localdate()  # switched on: no bulletin for periods already past
        schedule.frequency, schedule.in_indonesian, schedule.in_english = frequency, in_indonesian, in_english
        schedule.save()
    return schedule


@transaction.atomic
def do_add_recipient(actor, program, *, name, email, language, partner=None):
    """Add (or re-subscribe) an address to the program's distribution list."""
    recipient, created = BulletinRecipient.objects.select_for_update().get_or_create(
        program=program,
        email__iexact=email,
        defaults={"name": name, "email": email, "language": language, "partner": partner, "added_by": actor},
    )
    if not created and recipient.unsubscribed_at is not None:
        # Only the facilitator re-adds someone; the person is told in each email how to leave again.
        recipient.unsubscribed_at = None
        recipient.name, recipient.language = name, language
        recipient.save(update_fields=["unsubscribed_at", "name", "language"])
    return recipient


@transaction.atomic
def do_add_partner_contacts(actor, program):
    """Every current partner's contact person (from the organisation directory) joins the list."""
    added = 0
    for partner in program.partners.filter(left_on__isnull=True).select_related("organisation"):
        org = partner.organisation
        if not org.contact_email:
            continue
        if BulletinRecipient.objects.filter(program=program, email__iexact=org.contact_email).exists():
            continue
        BulletinRecipient.objects.create(
            program=program,
            name=org.contact_name or org.name,
            email=org.contact_email,
            partner=partner,
            added_by=actor,
        )
        added += 1
    return added


@transaction.atomic
def do_remove_recipient(actor, recipient):
    recipient.delete()


@transaction.atomic
def do_unsubscribe(recipient):
    """The person leaves the list (from the signed link in an email); pending deliveries are not sent."""
    return BulletinRecipient.objects.filter(pk=recipient.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )


@transaction.atomic
def do_plan_bulletin_deliveries(today):
    """Ledger rows for the last complete period of every active schedule. A second run inserts nothing."""
    rows = []
    schedules = BulletinSchedule.objects.exclude(frequency=BulletinSchedule.Frequency.OFF)
    recipients = {}
    for recipient in BulletinRecipient.objects.filter(
        program__in=schedules.values("program"), unsubscribed_at__isnull=True
    ):
        recipients.setdefault(recipient.program_id, []).append(recipient)
    for schedule in schedules:
        period = last_complete_period(schedule.frequency, today)
        if period.end < schedule.starts_on:
            continue
        for recipient in recipients.get(schedule.program_id, []):
            rows.append(
                BulletinDelivery(
                    recipient=recipient,
                    period_start=period.start,
                    period_end=period.end,
                    language=schedule.language_for(recipient.language),
                )
            )
    BulletinDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def do_claim_delivery(delivery_id):
    """The claim, before anything is sent: only one process gets 1."""
    return BulletinDelivery.objects.filter(pk=delivery_id, claimed_at__isnull=True).update(claimed_at=timezone.now())


def do_finish_delivery(delivery_id, outcome):
    BulletinDelivery.objects.filter(pk=delivery_id).update(outcome=outcome)
