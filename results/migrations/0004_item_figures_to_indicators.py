"""Issue 13, item 8: each outcome's and output's own figures become one indicator, so nothing is lost.

Before this, an outcome or output carried one indicator text, a unit, a baseline, a target and an
"achieved" number (and qualitative baseline/target texts). Each item with any of them gets one
`Indicator` (code: the item's code, else OC-<id> / OP-<id>) measuring it, with:

- name: the indicator text (else the statement), unit, baseline and target values and texts;
  number type when a value was set, else narrative; direction "lower is better" when the target is
  below the baseline; aggregation "latest value" (the old figure was a running total);
- one reporting period: the program's period holding today (or the last one before, or the aligned
  period the results app would generate), created if the program has none there;
- that period's target (the old target), and, where "achieved" was set, an approved, locked result
  reported by the item's first responsible partner (else the program's first partner), authored by
  the program's facilitator (else an administrator);
- the item's stored progress from indicators (docs/definitions.md, "progress").

A value the indicator cannot hold (negative) or an achieved figure with no partner or person to
record it under is written into the indicator's data source text instead: still not lost.
The next migration of roadmap removes the old fields.
"""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations
from django.utils import timezone

MONTHS = {"monthly": 1, "quarterly": 3, "semester": 6, "annual": 12}
HUNDRED = Decimal(100)


def _add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _label(frequency, start, end):
    if frequency == "monthly":
        return f"{start:%m/%Y}"
    if frequency == "quarterly":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if frequency == "semester":
        return f"S{1 if start.month == 1 else 2} {start.year}"
    if frequency == "annual":
        return str(start.year)
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


def _period(apps, program, today):
    ReportingPeriod = apps.get_model("results", "ReportingPeriod")
    day = max(today, program.start_date)
    if program.end_date and program.end_date >= program.start_date:
        day = min(day, program.end_date)
    periods = ReportingPeriod.objects.filter(program=program)
    found = (
        periods.filter(start__lte=day, end__gte=day).first()
        or periods.filter(start__lte=day).order_by("-start").first()
    )
    if found:
        return found
    months = MONTHS.get(program.reporting_frequency, 3)
    start = datetime.date(day.year, (day.month - 1) // months * months + 1, 1)
    end = _add_months(start, months) - datetime.timedelta(days=1)
    found = periods.filter(start__lte=end, end__gte=start).order_by("start").first()
    if found:
        return found
    return ReportingPeriod.objects.create(
        program=program,
        start=start,
        end=end,
        due_date=end + datetime.timedelta(days=program.reporting_due_days or 0),
        label=_label(program.reporting_frequency, start, end),
    )


def _code(Indicator, program, item, prefix):
    for code in (item.code.strip()[:20], f"{prefix}-{item.pk}"):
        if code and not Indicator.objects.filter(program=program, code=code).exists():
            return code
    n = 2
    while Indicator.objects.filter(program=program, code=f"{prefix}-{item.pk}-{n}").exists():
        n += 1
    return f"{prefix}-{item.pk}-{n}"


def _author(apps, program):
    Membership = apps.get_model("partners", "Membership")
    User = apps.get_model("partners", "User")
    membership = Membership.objects.filter(program=program, role="facilitator").order_by("pk").first()
    if membership:
        return membership.user
    return (
        User.objects.filter(is_superuser=True).order_by("pk").first()
        or User.objects.filter(role="admin").order_by("pk").first()
    )


def _achievement(direction, actual, target):
    if actual is None or target is None:
        return None
    if direction == "down":
        score = HUNDRED if actual == 0 else target * HUNDRED / actual
    else:
        score = HUNDRED if target == 0 else actual * HUNDRED / target
    return max(Decimal(0), min(HUNDRED, score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _has_figures(item):
    return any(
        [
            item.indicator.strip(),
            item.unit.strip(),
            item.baseline_text.strip(),
            item.target_text.strip(),
            item.baseline_value is not None,
            item.target_value is not None,
            item.achieved_value is not None,
        ]
    )


def migrate_item(apps, program, item, prefix, today, **measures):
    """The item's figures as one indicator; returns its achievement (or None)."""
    Indicator = apps.get_model("results", "Indicator")
    PeriodTarget = apps.get_model("results", "PeriodTarget")
    Result = apps.get_model("results", "Result")
    ProgramPartner = apps.get_model("partners", "ProgramPartner")
    notes = []
    baseline, target, achieved = item.baseline_value, item.target_value, item.achieved_value
    baseline_text, target_text = item.baseline_text.strip(), item.target_text.strip()
    if baseline is not None and baseline < 0:
        notes.append(f"Nilai dasar lama / old baseline: {baseline}")
        baseline = None
    if target is not None and target < 0:
        notes.append(f"Target lama / old target: {target}")
        target = None
    if achieved is not None and achieved < 0:
        notes.append(f"Capaian lama / old achieved: {achieved}")
        achieved = None
    numeric = any(v is not None for v in (baseline, target, achieved))
    direction = "down" if baseline is not None and target is not None and target < baseline else "up"
    indicator = Indicator.objects.create(
        program=program,
        code=_code(Indicator, program, item, prefix),
        name=(item.indicator.strip() or item.statement.strip() or prefix)[:300],
        unit=item.unit.strip()[:60],
        kind="number" if numeric else "narrative",
        aggregation="latest",
        direction=direction,
        baseline_value=baseline,
        baseline_text=baseline_text[:300],
        target_value=target,
        target_text=target_text[:300],
        **measures,
    )
    partners = list(item.partners.order_by("pk"))
    indicator.partners.set(partners)
    if target is None and achieved is None:
        if notes:
            indicator.data_source = "\n".join(notes)
            indicator.save(update_fields=["data_source"])
        return None
    period = _period(apps, program, today)
    if target is not None:
        PeriodTarget.objects.update_or_create(indicator=indicator, period=period, defaults={"value": target})
    if achieved is not None:
        partner = (partners[0] if partners else None) or ProgramPartner.objects.filter(program=program).order_by(
            "-is_initial_funder", "pk"
        ).first()
        author = _author(apps, program)
        if partner is None or author is None:
            notes.append(f"Capaian lama / old achieved: {achieved}")
            achieved = None
        else:
            if partner not in partners:
                indicator.partners.add(partner)
            now = timezone.now()
            Result.objects.create(
                indicator=indicator,
                period=period,
                partner=partner,
                kind="number",
                value=achieved,
                narrative="Dipindahkan dari nilai capaian lama peta jalan. / Moved from the road map's old achieved value.",
                state="approved",
                revision=1,
                author=author,
                submitted_at=now,
                reviewed_at=now,
            )
    if notes:
        indicator.data_source = "\n".join(notes)
        indicator.save(update_fields=["data_source"])
    return _achievement(direction, achieved, target)


def _mean(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def forward(apps, schema_editor):
    Outcome = apps.get_model("roadmap", "Outcome")
    Output = apps.get_model("roadmap", "Output")
    # Tests re-run every data migration after a flush, on the latest schema where the old columns
    # are gone: EXISTS names no column, so an empty table returns before anything reads them.
    if not Outcome.objects.exists():
        return
    today = timezone.localdate()
    for outcome in Outcome.objects.select_related("program").order_by("pk").iterator():
        program = outcome.program
        own = None
        if _has_figures(outcome):
            own = migrate_item(apps, program, outcome, "OC", today, outcome=outcome)
        scores = []
        for output in Output.objects.filter(outcome=outcome).order_by("pk"):
            score = None
            if _has_figures(output):
                score = migrate_item(apps, program, output, "OP", today, output=output)
            if score is not None:
                Output.objects.filter(pk=output.pk).update(indicator_progress=score)
            scores.append(score)
        progress = _mean([own, *scores])
        if progress is not None:
            Outcome.objects.filter(pk=outcome.pk).update(indicator_progress=progress)


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0003_client_id"),
        ("roadmap", "0008_indicator_progress"),
        ("partners", "0008_endorsement_lasts"),
    ]

    # Forward only: going back leaves the indicators (the old fields come back empty).
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
