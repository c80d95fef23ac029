"""The printable pack: the bulletin and the period's meeting minutes in one PDF (WeasyPrint only)."""

import io

from django.template.loader import render_to_string
from django.utils import timezone

from facilitation.models import Meeting
from reports.exports import page_number_css, period_text


def meetings_in_period(program, period):
    meetings = (
        Meeting.objects.filter(program=program, date__gte=period.start, date__lte=period.end)
        .prefetch_related("decisions", "action_items", "attendees", "attending_partners__organisation")
        .order_by("date", "pk")
    )
    return [
        {
            "meeting": m,
            "decisions": list(m.decisions.all()),
            "items": list(m.action_items.all()),
            "attendees": list(m.attendees.all()),
            "partners": list(m.attending_partners.all()),
        }
        for m in meetings
    ]


def render_pack(report, meetings):
    """PDF bytes: the bulletin's pages, then each meeting's minutes on its own pages."""
    from weasyprint import HTML  # here: importing WeasyPrint takes ~1.7 s; only PDF requests pay it

    context = {"report": report, "program": report.program, "period": report.period, "generated": timezone.localtime()}
    running = {"period_text": period_text(report.period), "page_number_css": page_number_css()}
    bulletin = HTML(string=render_to_string("reports/program_pdf.html", context | running)).render()
    minutes = HTML(string=render_to_string("public/pack.html", {**context, "meetings": meetings})).render()
    out = io.BytesIO()
    bulletin.copy([*bulletin.pages, *minutes.pages]).write_pdf(out)
    return out.getvalue()
