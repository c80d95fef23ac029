"""The bulletin goes out on its own.

Beat runs `send_bulletins` daily. It writes a ledger row per (recipient, period) for the last
complete period of every active schedule (a unique constraint: a second run, a second beat or a
redelivered message inserts nothing), then sends each unsent row after claiming it with a
conditional UPDATE. A row claimed but not sent (a crash between claim and send) is not sent twice:
exactly-once wins over at-least-once here, as for reminders.
"""

import datetime
import logging
import tempfile

from celery import shared_task
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.share import absolute_url
from public import actions
from public.models import BulletinDelivery
from public.periods import last_complete_period
from public.selectors import public_report, published_pages
from public.tokens import unsubscribe_token
from reports.exports import export_filename, render_program_pdf
from reports.forms import Period
from reports.tables import program_tables

logger = logging.getLogger(__name__)
BATCH = 500


@shared_task(name="public.tasks.send_bulletins")
def send_bulletins():
    planned = actions.do_plan_bulletin_deliveries(timezone.localdate())
    pending = list(
        BulletinDelivery.objects.filter(claimed_at__isnull=True).order_by("pk").values_list("pk", flat=True)[:BATCH]
    )
    pdfs = {}
    sent = 0
    for delivery_id in pending:
        sent += deliver_bulletin(delivery_id, pdfs)
    return {"planned": planned, "sent": sent}


def bulletin_pdf(program, period, language):
    """The public bulletin (the program report without internal sections) as PDF bytes."""
    with translation.override(language), tempfile.NamedTemporaryFile(suffix=".pdf") as target:
        report = public_report(program, period)
        render_program_pdf(report, program_tables(report), target.name)
        return target.read()


def deliver_bulletin(delivery_id, pdfs=None):
    """Send one ledger row. Returns 1 if an email went out."""
    if actions.do_claim_delivery(delivery_id) != 1:
        return 0
    delivery = BulletinDelivery.objects.select_related("recipient__program").get(pk=delivery_id)
    recipient = delivery.recipient
    if recipient.unsubscribed_at is not None:
        actions.do_finish_delivery(delivery_id, BulletinDelivery.Outcome.UNSUBSCRIBED)
        return 0
    program = recipient.program
    pdfs = {} if pdfs is None else pdfs
    try:
        with translation.override(delivery.language):
            period = _period(program, delivery)
            key = (program.pk, delivery.period_start, delivery.language)
            if key not in pdfs:
                pdfs[key] = bulletin_pdf(program, period, delivery.language)
            page = published_pages().filter(program=program).first()
            unsubscribe_url = absolute_url(reverse("public:unsubscribe", args=[unsubscribe_token(recipient)]))
            body = render_to_string(
                "public/bulletin_email.txt",
                {
                    "recipient": recipient,
                    "program": program,
                    "period": period,
                    "public_url": absolute_url(reverse("public:program", args=[page.slug])) if page else "",
                    "unsubscribe_url": unsubscribe_url,
                },
            )
            subject = _("Partnership bulletin: %(title)s, %(period)s") % {"title": program.name, "period": period.label}
            message = EmailMessage(subject, body, to=[recipient.email])
            message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
            message.attach(
                f"{export_filename(program.name, period.start, period.end)}.pdf", pdfs[key], "application/pdf"
            )
            message.send()
    except Exception:  # noqa: BLE001 - recorded on the ledger row; the row is never retried
        logger.exception("bulletin delivery %s failed", delivery_id)
        actions.do_finish_delivery(delivery_id, BulletinDelivery.Outcome.FAILED)
        return 0
    actions.do_finish_delivery(delivery_id, BulletinDelivery.Outcome.SENT)
    return 1


def _period(program, delivery):
    schedule = getattr(program, "bulletin_schedule", None)
    frequency = schedule.frequency if schedule else "quarterly"
    period = last_complete_period(frequency, delivery.period_end + datetime.timedelta(days=1))
    if period.start == delivery.period_start:
        return period
    return Period(delivery.period_start, delivery.period_end, f"{delivery.period_start} – {delivery.period_end}")
