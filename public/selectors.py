"""What the public may see. Read-only; every value here is chosen field by field (no model is
handed to a public template), so a new private field on a model never leaks by accident."""

import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from partners.models import ProgramPartner
from public.models import BulletinRecipient, PublicPage
from public.periods import last_complete_period
from reports.selectors import build_program_report
from results.models import Indicator
from results.selectors import indicator_rows
from roadmap.models import Milestone, MilestoneRules, Outcome


def published_pages():
    """Public pages that may be shown: published by the facilitator and agreed by every partner."""
    return (
        PublicPage.objects.filter(is_published=True)
        .annotate(
            # A partner that has left the program (left_on) neither shows nor needs to agree.
            n_partners=Count("program__partners", filter=Q(program__partners__left_on__isnull=True), distinct=True),
            n_consents=Count(
                "program__public_consents",
                filter=Q(program__public_consents__partner__left_on__isnull=True),
                distinct=True,
            ),
        )
        .filter(n_partners__gt=0, n_consents=F("n_partners"))
    )


def published_page(slug):
    return published_pages().select_related("program").filter(slug=slug).first()


def consent_state(program):
    """[(partner, consent or None)] for the management page."""
    partners = (
        ProgramPartner.objects.filter(program=program)
        .select_related("organisation", "public_consent")
        .order_by("organisation__name")
    )
    result = []
    for partner in partners:
        consent = getattr(partner, "public_consent", None)
        result.append((partner, consent))
    return result


def latest_bulletin_period(today=None):
    """The last complete quarter: the bulletin the public page links to."""
    return last_complete_period("quarterly", today or timezone.localdate())


def public_report(program, period):
    """The program report with only the sections meant for outsiders.

    Individual scores, trends, revisions (with their reasons), meeting decisions and
    recommendations are internal and left out.
    """
    report = build_program_report(program, period, hide_individual_scores=True)
    report.trends = None
    report.revisions = []
    report.decisions = []
    report.recommendations = []
    # Not among what the partners agreed to publish (public/templates/public/publication.html).
    report.strengthening = []
    report.dependency_series = None
    return report


def _number(value):
    return None if value is None else float(value)


def program_listing():
    """Rows for /public/: name, goal, phase and regions of every published program."""
    pages = published_pages().select_related("program").prefetch_related("program__provinces").order_by("program__name")
    return [
        {
            "slug": page.slug,
            "name": page.program.name,
            "goal": page.program.goal,
            "phase": str(page.program.get_phase_display()),
            "regions": [p.name for p in page.program.provinces.all()],
        }
        for page in pages
    ]


# How many output indicators the public page shows (the outcomes' indicators are in the outcome
# table); a partner's own goals stay on the members' pages.
HEADLINE_INDICATORS = 12


def headline_results(program):
    """The outputs' indicators: approved results so far against the target (five queries).

    Only what the IPTT's public columns hold: code, name, unit, achieved, target, percent and the
    last period with an approved value. Results waiting for review, narratives, breakdowns,
    evidence and who reported are never read here.
    """
    indicators = (
        Indicator.objects.filter(program=program, output__isnull=False)
        .exclude(kind="narrative")
        .order_by("order", "code", "pk")
    )[:HEADLINE_INDICATORS]
    rows, _periods = indicator_rows(Indicator.objects.filter(pk__in=list(indicators.values_list("pk", flat=True))))
    rows.sort(key=lambda r: (r.indicator.order, r.indicator.code, r.indicator.pk))
    headline = []
    for row in rows:
        reported = [cell for cell in row.cells if cell.actual is not None]
        headline.append(
            {
                "code": row.indicator.code,
                "name": row.indicator.name,
                "unit": row.indicator.unit,
                "achieved": _number(row.actual),
                "target": _number(row.target),
                "percent": _number(row.percent),
                "as_of": str(reported[-1].period.label) if reported else None,
            }
        )
    return headline


def program_data(page, today=None):
    """The public program page as plain values (also its JSON)."""
    program = page.program
    today = today or timezone.localdate()
    partners = ProgramPartner.objects.filter(program=program, left_on__isnull=True).select_related("organisation")
    outcomes = Outcome.objects.filter(program=program).with_progress().order_by("order", "pk")
    # The figures of docs/definitions.md: counted milestones, done, overdue.
    counts = Milestone.objects.filter(program=program).aggregate(
        total=Count("pk", filter=MilestoneRules.counted()),
        done=Count("pk", filter=MilestoneRules.done()),
        overdue=Count("pk", filter=MilestoneRules.overdue(today)),
    )
    # The outcomes' own indicators, to date from approved results (the IPTT's figures).
    measured = {}
    for row in indicator_rows(Indicator.objects.filter(program=program, outcome__isnull=False))[0]:
        measured.setdefault(row.indicator.outcome_id, []).append(
            {
                "name": row.indicator.name,
                "unit": row.indicator.unit,
                "target": _number(row.target),
                "actual": _number(row.actual),
            }
        )
    # Confirmed recognitions only (issue 15, item 13): a proposal is not a recognition yet. The
    # recognising body (`awarded_by`) is shown as recorded; the description and people are not.
    recognitions = (
        program.recognitions.confirmed().select_related("partner__organisation").order_by("-date", "-pk")[:20]
    )
    period = latest_bulletin_period(today)
    return {
        "slug": page.slug,
        "name": program.name,
        "goal": program.goal,
        "phase": str(program.get_phase_display()),
        "start_date": program.start_date.isoformat(),
        "end_date": program.end_date.isoformat() if program.end_date else None,
        "regions": [p.name for p in program.provinces.all()],
        "partners": sorted(
            ({"name": p.organisation.name, "role": str(p.get_role_display())} for p in partners),
            key=lambda p: p["name"],
        ),
        "outcomes": [
            {
                "statement": o.statement,
                "progress": _number(o.progress),
                "progress_source": o.progress_source,
                "indicators": measured.get(o.pk, []),
            }
            for o in outcomes
        ],
        "milestones": counts,
        "indicators": headline_results(program),
        "recognitions": [
            {
                "title": r.title,
                "partner": r.partner.organisation.name,
                "awarded_by": r.awarded_by,
                "date": r.date.isoformat(),
            }
            for r in recognitions
        ],
        "bulletin": {"label": str(period.label), "start": period.start.isoformat(), "end": period.end.isoformat()},
    }


def as_date(value):
    return datetime.date.fromisoformat(value) if value else None


def distribution_list(program):
    return list(BulletinRecipient.objects.filter(program=program).select_related("partner__organisation"))
