"""Every write to the results framework goes through here, each in one transaction.

Results follow the progress-report flow: draft -> submitted -> approved / returned. State moves by
one conditional UPDATE, so two reviewers (or two tabs) cannot both act. An approved result is
locked; a correction is a new revision of the same slot (indicator, period, partner) with a reason,
and the old value is kept and shown in the change log once the correction is approved.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.actions import submit_once
from core.uploads import IMAGES, OFFICE, PDF, safe_file_name, sniff_extension, validate_upload
from notifications.actions import do_notify, do_resolve_notifications
from partners.actions import record_activity
from partners.models import Membership, Phase, ReportingFrequency
from partners.quota import check_quota, lock_program
from results.models import (
    BreakdownCategory,
    BreakdownOption,
    BreakdownValue,
    Indicator,
    IndicatorType,
    PeriodTarget,
    ReportingPeriod,
    Result,
    ResultEvidence,
    StandardIndicator,
)
from results.selectors import HUNDRED, program_rollup
from roadmap.models import Outcome, Output

EVIDENCE_TYPES = PDF | IMAGES | OFFICE
MONTHS = {
    ReportingFrequency.MONTHLY: 1,
    ReportingFrequency.QUARTERLY: 3,
    ReportingFrequency.SEMESTER: 6,
    ReportingFrequency.ANNUAL: 12,
}
# A program without an end date gets periods up to this many months past today.
OPEN_ENDED_MONTHS = 12
MAX_PERIODS = 240


def field_error(field, message, code):
    """A ValidationError on one form field that keeps its code (the tests and the form read it)."""
    return ValidationError({field: ValidationError(message, code=code)})


# Reporting periods -------------------------------------------------------------------------


def _add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period_label(frequency, start, end):
    if frequency == ReportingFrequency.MONTHLY:
        return f"{start:%m/%Y}"
    if frequency == ReportingFrequency.QUARTERLY and start.day == 1 and start.month in (1, 4, 7, 10):
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if frequency == ReportingFrequency.SEMESTER and start.day == 1 and start.month in (1, 7):
        return f"S{1 if start.month == 1 else 2} {start.year}"
    if frequency == ReportingFrequency.ANNUAL and (start.month, start.day) == (1, 1):
        return str(start.year)
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


def period_bounds(program, today=None):
    """[(start, end)] of the program's reporting periods: calendar-aligned (quarters start in
    January, April, July, October), from the period holding the start date to the one holding the end."""
    today = today or timezone.localdate()
    months = MONTHS[program.reporting_frequency]
    first_month = (program.start_date.month - 1) // months * months + 1
    start = datetime.date(program.start_date.year, first_month, 1)
    last = program.end_date or _add_months(today, OPEN_ENDED_MONTHS)
    bounds = []
    while start <= last and len(bounds) < MAX_PERIODS:
        following = _add_months(start, months)
        bounds.append((start, following - datetime.timedelta(days=1)))
        start = following
    return bounds


@transaction.atomic
def do_generate_periods(actor, program, today=None):
    """Create the program's missing reporting periods; returns the new ones. Periods never move
    once created (results refer to them); a changed frequency only adds periods that do not overlap."""
    existing = list(ReportingPeriod.objects.filter(program=program).values_list("start", "end"))
    created = []
    for start, end in period_bounds(program, today):
        if any(s <= end and start <= e for s, e in existing):
            continue
        due = end + datetime.timedelta(days=program.reporting_due_days)
        label = _period_label(program.reporting_frequency, start, end)
        created.append(ReportingPeriod(program=program, start=start, end=end, due_date=due, label=label))
    ReportingPeriod.objects.bulk_create(created)
    return created


# Indicators --------------------------------------------------------------------------------


def _check_measures(program, outcome, output, partner_goal):
    chosen = [item for item in (outcome, output, partner_goal) if item is not None]
    if len(chosen) != 1:
        raise ValidationError(_("Choose one outcome, output or partner goal for the indicator."), code="measures")
    if outcome is not None and outcome.program_id != program.pk:
        raise ValidationError(_("Choose an outcome of this program."), code="measures")
    if output is not None and output.outcome.program_id != program.pk:
        raise ValidationError(_("Choose an output of this program."), code="measures")
    if partner_goal is not None and partner_goal.partner.program_id != program.pk:
        raise ValidationError(_("Choose a partner goal of this program."), code="measures")


def _check_indicator_values(program, fields, partners, pk=None):
    for name in ("baseline_value", "target_value"):
        value = fields.get(name)
        if value is not None and value < 0:
            raise field_error(name, _("Enter a number that is not negative."), "negative")
    if fields.get("kind") == IndicatorType.PERCENTAGE:
        for name in ("baseline_value", "target_value"):
            value = fields.get(name)
            if value is not None and value > 100:
                raise ValidationError(
                    {name: ValidationError(_("A percentage cannot be more than 100."), code="over_100")}
                )
    code = fields.get("code", "").strip()
    if not code:
        raise field_error("code", _("Give the indicator a code."), "code")
    if Indicator.objects.filter(program=program, code__iexact=code).exclude(pk=pk).exists():
        raise ValidationError(
            {"code": ValidationError(_("Another indicator of this program has this code."), code="code_taken")}
        )
    for partner in partners:
        if partner.program_id != program.pk:
            raise field_error("partners", _("Choose partners of this program."), "partners")


@transaction.atomic
def do_create_indicator(
    actor, program, *, outcome=None, output=None, partner_goal=None, partners=(), categories=(), **fields
):
    _check_measures(program, outcome, output, partner_goal)
    _check_indicator_values(program, fields, partners)
    fields["code"] = fields["code"].strip()
    indicator = Indicator.objects.create(
        program=program, outcome=outcome, output=output, partner_goal=partner_goal, **fields
    )
    indicator.partners.set(partners)
    indicator.categories.set(categories)
    do_generate_periods(actor, program)
    refresh_item_progress(program)
    record_activity(program, actor, "indicator_created", indicator.name, indicator.get_absolute_url())
    return indicator


@transaction.atomic
def do_update_indicator(actor, indicator, *, partners=None, categories=None, **fields):
    """Change an indicator's definition. Its type cannot change once results exist (they were checked
    against the old type)."""
    program = indicator.program
    merged = {f: getattr(indicator, f) for f in ("code", "kind", "baseline_value", "target_value")} | fields
    _check_indicator_values(program, merged, partners or [], pk=indicator.pk)
    if "kind" in fields and fields["kind"] != indicator.kind and indicator.results.exists():
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("The type cannot change: results were already reported against it."), code="kind_locked"
                )
            }
        )
    for name, value in fields.items():
        setattr(indicator, name, value.strip() if name == "code" else value)
    indicator.save()
    if partners is not None:
        indicator.partners.set(partners)
    if categories is not None:
        indicator.categories.set(categories)
    refresh_item_progress(program)
    record_activity(program, actor, "indicator_changed", indicator.name, indicator.get_absolute_url())
    return indicator


@transaction.atomic
def do_set_period_targets(actor, indicator, targets):
    """targets: {period: Decimal or None}. None removes the period's target."""
    for period, value in targets.items():
        if period.program_id != indicator.program_id:
            raise ValidationError(_("Choose periods of this program."), code="period")
        if value is not None and value < 0:
            raise ValidationError(_("A target cannot be negative."), code="negative")
        if value is not None and indicator.kind == IndicatorType.PERCENTAGE and value > 100:
            raise ValidationError(_("A percentage cannot be more than 100."), code="over_100")
    for period, value in targets.items():
        if value is None:
            PeriodTarget.objects.filter(indicator=indicator, period=period).delete()
        else:
            PeriodTarget.objects.update_or_create(indicator=indicator, period=period, defaults={"value": value})
    refresh_item_progress(indicator.program)
    record_activity(indicator.program, actor, "indicator_changed", indicator.name, indicator.get_absolute_url())


def _clamp(score):
    return None if score is None else max(Decimal(0), min(HUNDRED, score))


def refresh_item_progress(program):
    """Store each outcome's and output's progress from its indicators on the road map.

    The value is the item's roll-up score (results.selectors.program_rollup; docs/definitions.md,
    "progress"): an output's, the mean of its indicators' achievements, each capped at 100 %; an
    outcome's, the mean of its own indicators' and its outputs' scores; None when none has a figure.
    Called by every action that changes a figure behind it (an indicator or its targets changed, a
    result or a correction approved), in that action's transaction. Six queries and at most two
    updates, whatever the size; only the items whose value changed are written.
    """
    changed = {Outcome: [], Output: []}
    for outcome in program_rollup(program)["outcomes"]:
        for item in [outcome, *outcome.children]:
            score = _clamp(item.score)
            if item.item.indicator_progress != score:
                item.item.indicator_progress = score
                changed[type(item.item)].append(item.item)
    for model, items in changed.items():
        if items:
            model.objects.bulk_update(items, ["indicator_progress"])


# The catalogue of standard indicators ------------------------------------------------------


@transaction.atomic
def do_save_standard_indicator(actor, *, standard=None, **fields):
    code = fields.get("code", "").strip()
    if StandardIndicator.objects.filter(code__iexact=code).exclude(pk=getattr(standard, "pk", None)).exists():
        raise ValidationError(
            {"code": ValidationError(_("The catalogue already has an indicator with this code."), code="code_taken")}
        )
    if standard is None:
        return StandardIndicator.objects.create(**fields)
    for name, value in fields.items():
        setattr(standard, name, value)
    standard.save()
    return standard


# Results -----------------------------------------------------------------------------------


def check_value(indicator, value, narrative):
    """The value fits the indicator's type; raises ValidationError on the `value` field."""
    if indicator.kind == IndicatorType.NARRATIVE:
        if not (narrative or "").strip():
            raise ValidationError(
                {"narrative": ValidationError(_("Write the result: this indicator is a narrative."), code="narrative")}
            )
        if value is not None:
            raise ValidationError(
                {"value": ValidationError(_("This indicator takes a narrative, not a number."), code="type")}
            )
        return
    if value is None:
        raise field_error("value", _("Enter the value."), "required")
    if not isinstance(value, Decimal):
        raise field_error("value", _("Enter a number."), "type")
    if value < 0:
        raise field_error("value", _("A count cannot be negative."), "negative")
    if indicator.kind == IndicatorType.PERCENTAGE and value > 100:
        raise field_error("value", _("A percentage cannot be more than 100."), "over_100")
    if indicator.kind == IndicatorType.YES_NO and value not in (0, 1):
        raise field_error("value", _("Answer yes or no."), "type")


def check_breakdown(indicator, value, breakdown):
    """breakdown: {BreakdownOption: Decimal}. The parts of each category add up to no more than the total."""
    if not breakdown:
        return
    if not indicator.is_numeric or indicator.kind == IndicatorType.YES_NO:
        raise ValidationError(_("This indicator is not broken down."), code="breakdown_type")
    allowed = {c.pk for c in indicator.categories.all()}
    per_category = {}
    for option, part in breakdown.items():
        if option.category_id not in allowed or option.program_id not in (None, indicator.program_id):
            raise ValidationError(_("Choose breakdown parts of this indicator."), code="breakdown_option")
        if part < 0:
            raise ValidationError(_("A breakdown part cannot be negative."), code="negative")
        per_category.setdefault(option.category, Decimal(0))
        per_category[option.category] += part
    if indicator.kind == IndicatorType.PERCENTAGE:
        return  # parts of a percentage are percentages of their own group, not shares of the total
    for category, total in per_category.items():
        if total > value:
            raise ValidationError(
                _("The %(category)s parts add up to %(parts)s, more than the total of %(total)s."),
                code="breakdown_over_total",
                params={"category": category.name, "parts": total, "total": value},
            )


def _check_open(period, today=None):
    today = today or timezone.localdate()
    if period.start > today:
        raise ValidationError(
            _("Reporting for %(period)s opens on %(date)s."),
            code="period_not_open",
            params={"period": period.label, "date": date_format(period.start)},
        )


def _check_files(indicator, files, result):
    for upload in files:
        validate_upload(upload, EVIDENCE_TYPES)
    if not files:
        return
    program = lock_program(indicator.program_id)  # two uploads at once are checked one after the other
    count = len(files) + (result.evidence.count() if result is not None and result.pk else 0)
    limit = settings.MAX_EVIDENCE_FILES_PER_REPORT
    if count > limit:
        raise ValidationError(
            _("A result can hold at most %(limit)s files; this one would have %(count)s."),
            code="too_many_files",
            params={"limit": limit, "count": count},
        )
    check_quota(program, sum(upload.size for upload in files))


def _attach(result, files):
    for upload in files:
        name = safe_file_name(upload.name, sniff_extension(upload))
        ResultEvidence.objects.create(result=result, file=upload, original_name=name)


def _set_breakdown(result, breakdown):
    BreakdownValue.objects.filter(result=result).delete()
    BreakdownValue.objects.bulk_create(
        [
            BreakdownValue(result=result, option=option, value=part)
            for option, part in breakdown.items()
            if part is not None
        ]
    )


def _already_reported():
    return ValidationError(
        _("A result for this indicator, period and partner is already being reported. Open it instead."),
        code="already_reported",
    )


def _check_endorsed(partner):
    """Restu pimpinan lasts (issue 15, item 1): after scoping, a partner reports results once its
    leadership endorsed it, or the facilitator recorded a reason to let it work before that."""
    if partner.program.phase != Phase.SCOPING and not partner.may_own_work:
        raise ValidationError(
            _(
                "%(partner)s is not endorsed by its leadership yet; it can report results once endorsed, "
                "or when the facilitator records a reason to let it work before that."
            ),
            code="partner_not_endorsed",
            params={"partner": partner.organisation.name},
        )


@submit_once
@transaction.atomic
def do_report_result(
    actor, indicator, period, partner, *, value, narrative="", breakdown=None, files=(), submit=False, client_id=None
):
    """A partner's first report of an actual for a period. Refused (nothing saved) when the period has
    not started, the slot already has a result in progress or an approved (locked) value, or any
    figure is wrong."""
    breakdown = breakdown or {}
    _check_open(period)
    _check_endorsed(partner)
    if Result.objects.filter(indicator=indicator, period=period, partner=partner).exists():
        if Result.objects.current().filter(indicator=indicator, period=period, partner=partner).exists():
            raise ValidationError(
                _("This value is approved and locked. Start a correction, with a reason, to change it."),
                code="locked",
            )
        raise _already_reported()
    check_value(indicator, value, narrative)
    check_breakdown(indicator, value, breakdown)
    _check_files(indicator, files, None)
    try:
        with transaction.atomic():  # a second submit racing this one hits the unique constraint
            result = Result.objects.create(
                indicator=indicator,
                program_id=indicator.program_id,
                period=period,
                partner=partner,
                kind=indicator.kind,
                value=value,
                narrative=narrative,
                author=actor,
                client_id=client_id,
            )
    except IntegrityError as exc:
        if client_id is not None and Result.objects.filter(client_id=client_id).exists():
            raise  # the same offline draft sent twice at once: do_sync_result answers "already saved"
        raise _already_reported() from exc
    _set_breakdown(result, breakdown)
    _attach(result, files)
    if submit:
        do_submit_result(actor, result)
    return result


def _replayed_result(actor, indicator, period, client_id):
    """The result a sync with this client id already made, or None; another person's id or another
    slot's is refused (a forged draft), nothing is written."""
    existing = Result.objects.filter(client_id=client_id).first()
    if existing is None:
        return None
    if existing.author_id != actor.pk or existing.indicator_id != indicator.pk or existing.period_id != period.pk:
        raise ValidationError(_("This draft's id belongs to another report; it was not saved."), code="forged")
    return existing


@transaction.atomic
def do_sync_result(actor, indicator, period, partner, *, client_id, value, narrative="", breakdown=None, files=()):
    """An actual written offline (static/js/offline.js), sent when the device is back online.

    Returns (result, created). The same checks as "Submit" on the result form (`do_report_result`),
    submitted at once; a client id already used by this person for this slot returns that result
    (created False), so a replayed sync never makes a second one. A slot that someone reported
    meanwhile is refused by `do_report_result` (already reported, or approved and locked).
    """
    existing = _replayed_result(actor, indicator, period, client_id)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            result = do_report_result(
                actor,
                indicator,
                period,
                partner,
                value=value,
                narrative=narrative,
                breakdown=breakdown,
                files=files,
                submit=True,
                client_id=client_id,
            )
    except IntegrityError:
        existing = _replayed_result(actor, indicator, period, client_id)
        if existing is None:
            raise
        return existing, False
    return result, True


@transaction.atomic
def do_edit_result(actor, result, *, value, narrative="", breakdown=None, files=(), submit=False):
    """Change a draft or returned result (its author's organisation)."""
    breakdown = breakdown or {}
    indicator = result.indicator
    check_value(indicator, value, narrative)
    check_breakdown(indicator, value, breakdown)
    _check_files(indicator, files, result)
    changed = Result.objects.filter(pk=result.pk, state__in=[Result.State.DRAFT, Result.State.RETURNED]).update(
        value=value, narrative=narrative
    )
    if changed != 1:
        raise ValidationError(_("This result has been submitted and can no longer be edited."), code="not_editable")
    result.value, result.narrative = value, narrative
    _set_breakdown(result, breakdown)
    _attach(result, files)
    if submit:
        do_submit_result(actor, result)
    return result


@transaction.atomic
def do_correct_result(actor, result, *, value, reason, narrative="", breakdown=None, files=(), submit=False):
    """Start a correction of an approved (locked) result: a new revision with a reason. The approved
    value keeps counting until the correction is approved."""
    breakdown = breakdown or {}
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the approved value must be corrected."), code="reason_required")}
        )
    if result.state != Result.State.APPROVED or result.superseded:
        raise ValidationError(_("Only the approved value can be corrected."), code="not_approved")
    indicator = result.indicator
    check_value(indicator, value, narrative)
    check_breakdown(indicator, value, breakdown)
    _check_files(indicator, files, None)
    try:
        with transaction.atomic():
            correction = Result.objects.create(
                indicator=indicator,
                program_id=indicator.program_id,
                period=result.period,
                partner=result.partner,
                kind=indicator.kind,
                value=value,
                narrative=narrative,
                author=actor,
                revision=result.revision + 1,
                previous=result,
                correction_reason=reason,
            )
    except IntegrityError as exc:
        raise _already_reported() from exc
    _set_breakdown(correction, breakdown)
    _attach(correction, files)
    record_activity(indicator.program, actor, "result_correction", indicator.name, correction.get_absolute_url())
    if submit:
        do_submit_result(actor, correction)
    return correction


def _facilitators(program_id, actor):
    return [
        m.user
        for m in Membership.objects.filter(program=program_id, role=Membership.Role.FACILITATOR)
        .exclude(user=actor)
        .select_related("user")
    ]


@transaction.atomic
def do_submit_result(actor, result):
    now = timezone.now()
    claimed = Result.objects.filter(pk=result.pk, state__in=[Result.State.DRAFT, Result.State.RETURNED]).update(
        state=Result.State.SUBMITTED, submitted_at=now
    )
    if claimed != 1:
        raise ValidationError(_("This result has already been submitted."), code="not_editable")
    result.state, result.submitted_at = Result.State.SUBMITTED, now
    indicator = result.indicator
    url = result.get_absolute_url()
    label = f"{indicator.code} · {result.period.label}"
    do_notify(
        _facilitators(indicator.program_id, actor),
        "result_submitted",
        label,
        result.narrative[:500],
        url,
        program=indicator.program,
        about=("result", result.pk),
    )
    record_activity(indicator.program, actor, "result_submitted", label, url)
    return result


def _claim_review(actor, result, state, note):
    now = timezone.now()
    claimed = Result.objects.filter(pk=result.pk, state=Result.State.SUBMITTED).update(
        state=state, review_note=note, reviewed_by=actor, reviewed_at=now
    )
    if claimed != 1:
        raise ValidationError(_("This result is not waiting for review."), code="not_submitted")
    result.state, result.review_note, result.reviewed_by, result.reviewed_at = state, note, actor, now


@transaction.atomic
def do_approve_result(actor, result, note=""):
    """Approve and lock. An approved correction replaces the value it corrects (kept as history)."""
    if result.previous_id:
        # The old value stops counting first, so the slot never has two current values.
        Result.objects.filter(pk=result.previous_id, state=Result.State.APPROVED).update(superseded=True)
    _claim_review(actor, result, Result.State.APPROVED, note)
    indicator = result.indicator
    refresh_item_progress(indicator.program)
    url = result.get_absolute_url()
    label = f"{indicator.code} · {result.period.label}"
    do_resolve_notifications("result", result.pk)  # the review is done
    do_notify([result.author], "result_approved", label, note, url, program=result.indicator.program)
    record_activity(indicator.program, actor, "result_approved", label, url)
    return result


@transaction.atomic
def do_return_result(actor, result, note):
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Please write a note saying what needs revising."), code="note_required")
    _claim_review(actor, result, Result.State.RETURNED, note)
    indicator = result.indicator
    url = result.get_absolute_url()
    label = f"{indicator.code} · {result.period.label}"
    do_resolve_notifications("result", result.pk)  # the review is done
    do_notify([result.author], "result_returned", label, note, url, program=result.indicator.program)
    record_activity(indicator.program, actor, "result_returned", label, url)
    return result


# Location categories (results migration 0002) and the program's regions they are made from.
LOCATION_LEVELS = {"regency": "regencies", "district": "districts", "village": "villages"}


@transaction.atomic
def do_sync_location_options(program):
    """One location option per official region of the program (its regencies, districts and
    villages), coded by the region's Kemendagri code. Called by partners whenever a program's
    places are set (partners.hooks); options of regions removed later are kept (results may use them)."""
    categories = {c.code: c for c in BreakdownCategory.objects.filter(code__in=LOCATION_LEVELS)}
    for level, field in LOCATION_LEVELS.items():
        category = categories.get(level)
        if category is None:
            continue
        have = set(
            BreakdownOption.objects.filter(category=category, program=program)
            .exclude(region_code="")
            .values_list("region_code", flat=True)
        )
        new = [
            BreakdownOption(
                category=category,
                program=program,
                code=slugify(region.code),
                name=region.name,
                region_code=region.code,
                order=index,
            )
            for index, region in enumerate(getattr(program, field).order_by("code"))
            if region.code not in have
        ]
        BreakdownOption.objects.bulk_create(new, ignore_conflicts=True)


@transaction.atomic
def do_add_breakdown_option(actor, program, category, name):
    """A program's own part of a category (a village, a district)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the part a name."), code="name")
    code = slugify(name)[:60] or "option"
    option, _created = BreakdownOption.objects.get_or_create(
        category=category, program=program, code=code, defaults={"name": name}
    )
    return option
