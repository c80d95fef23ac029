"""Demo results (idempotent): indicators for Desa Sejahtera NTT with three quarters of data, broken down
by sex and village, including one returned and one corrected value; one indicator in Lumbung Pangan
Lombok Timur adopting the same standard indicator, so the portfolio adds up two programs.

A program that already has indicator HH-1 is left alone, so running twice changes nothing. Everything
is written through results.actions, so the demo has real reviews, corrections and activity.
"""

from decimal import Decimal

from governance.models import PartnerGoal
from partners.models import Membership
from results import actions
from results.models import BreakdownCategory, BreakdownOption, Indicator, ReportingPeriod, StandardIndicator
from roadmap.demo import ROADMAPS

# The program's official villages (partners.demo PROGRAM_PLACES): their location options are made
# by results.actions.do_sync_location_options when the program's places are set.
VILLAGES = {"Oebelo": "53.01.08.2010", "Tesbatan": "53.01.09.2005", "Camplong": "53.01.10.1001"}


def _report(author, indicator, period, partner, value, *, female=None, villages=None, options=None, note=""):
    breakdown = {}
    if female is not None:
        breakdown[options["female"]] = Decimal(female)
        breakdown[options["male"]] = Decimal(value - female - 2)  # two households not broken down by sex
    for name, part in (villages or {}).items():
        breakdown[options[name]] = Decimal(part)
    return actions.do_report_result(
        author,
        indicator,
        period,
        partner,
        value=Decimal(value),
        narrative=note or "Hasil pendataan bersama aparat desa.",
        breakdown=breakdown,
        submit=True,
    )


def _people(program):
    """{partner_id: a partner person} and the program's facilitator."""
    people, facilitator = {}, None
    for m in Membership.objects.filter(program=program).select_related("user").order_by("pk"):
        if m.role == Membership.Role.FACILITATOR:
            facilitator = facilitator or m.user
        elif m.partner_id and m.partner_id not in people:
            people[m.partner_id] = m.user
    return people, facilitator


def seed(ctx):
    programs = ctx["programs"]
    standard, _created = StandardIndicator.objects.get_or_create(
        code="TPB 1.4.1",
        defaults={
            "name": "Rumah tangga miskin dengan akses usaha produktif",
            "unit": "rumah tangga",
            "description": "Disesuaikan dari indikator TPB/SDG 1.4 dan RPJMN (penurunan kemiskinan ekstrem).",
        },
    )
    _seed_ntt(programs[0], standard, ctx["today"])
    if len(programs) > 2:
        _seed_lombok(programs[2], standard, ctx["today"])
    for index, program in enumerate(programs):
        _seed_outcome_indicators(index, program)


def _seed_outcome_indicators(index, program):
    """Each outcome still without an indicator gets the one the road map demo describes (baseline and
    target, no results yet): its progress keeps coming from the milestones, and the page says so."""
    _partners, facilitator = _people(program)
    if facilitator is None:
        return
    outcomes = list(program.outcomes.filter(indicators__isnull=True).order_by("order", "pk"))
    for outcome in outcomes:
        if outcome.order >= len(ROADMAPS.get(index, [])):
            continue
        _statement, name, unit, baseline, target, _outputs = ROADMAPS[index][outcome.order]
        actions.do_create_indicator(
            facilitator,
            program,
            outcome=outcome,
            code=f"IK-{outcome.order + 1}",
            name=name,
            unit=unit,
            kind="percentage" if unit == "%" else "number",
            aggregation="latest",
            direction="up" if target >= baseline else "down",
            baseline_value=Decimal(baseline),
            baseline_date=program.start_date,
            target_value=Decimal(target),
            data_source="Survei rumah tangga sasaran pada awal program dan setiap semester.",
            partners=list(outcome.partners.all()),
        )


def _seed_ntt(program, standard, today):
    if Indicator.objects.filter(program=program, code="HH-1").exists():
        return
    people, facilitator = _people(program)
    actions.do_generate_periods(facilitator, program, today)
    past = list(ReportingPeriod.objects.filter(program=program, end__lt=today).order_by("start"))[-3:]
    outcome = program.outcomes.order_by("order", "pk").first()
    if outcome is None or not past or facilitator is None:
        return
    output = outcome.outputs.order_by("order", "pk").first()
    partners = [p for p in program.partners.select_related("organisation").order_by("pk") if p.pk in people]
    reporters = partners[1:3] or partners[:1]  # the implementing partner and the funder
    sex = BreakdownCategory.objects.get(code="sex")
    village = BreakdownCategory.objects.get(code="village")
    options = {o.code: o for o in BreakdownOption.objects.filter(category=sex, program=None)}
    by_code = {o.region_code: o for o in BreakdownOption.objects.filter(category=village, program=program)}
    for name, code in VILLAGES.items():
        options[name] = by_code.get(code) or actions.do_add_breakdown_option(facilitator, program, village, name)
    hh = actions.do_create_indicator(
        facilitator,
        program,
        outcome=outcome,
        code="HH-1",
        name="Rumah tangga desil 1–4 dengan usaha produktif",
        unit="rumah tangga",
        kind="number",
        aggregation="sum",
        direction="up",
        baseline_value=Decimal(0),
        baseline_date=program.start_date,
        target_value=Decimal(300),
        data_source="Pendataan rumah tangga oleh kader desa, dicocokkan dengan DTKS/P3KE (desil 1–4).",
        partners=reporters,
        categories=[sex, village],
        standard=standard,
    )
    actions.do_set_period_targets(
        facilitator, hh, dict(zip(past, [Decimal(80), Decimal(100), Decimal(120)], strict=False))
    )
    groups = None
    if output is not None:
        groups = actions.do_create_indicator(
            facilitator,
            program,
            output=output,
            code="KU-1",
            name="Kelompok usaha ekonomi produktif yang aktif",
            unit="kelompok",
            kind="number",
            aggregation="latest",
            direction="up",
            target_value=Decimal(20),
            data_source="Buku kas dan daftar hadir pertemuan kelompok.",
            partners=reporters[:1],
        )
    # Three quarters of data from each reporting partner.
    figures = {0: [(40, 22), (50, 27), (45, 25)], 1: [(30, 16), (35, 19), (50, 26)]}
    corrected = returned = None
    for index, partner in enumerate(reporters):
        author = people[partner.pk]
        for n, period in enumerate(past):
            value, female = figures[index % 2][n]
            villages = {"Oebelo": value // 2, "Tesbatan": value // 3}
            result = _report(author, hh, period, partner, value, female=female, villages=villages, options=options)
            if index == 0 and n == len(past) - 1:
                returned = result
                actions.do_return_result(
                    facilitator, result, "Mohon lampirkan daftar rumah tangga yang dicocokkan dengan desil P3KE."
                )
                continue
            actions.do_approve_result(facilitator, result)
            if index == 0 and n == 1:
                corrected = result
        if groups is not None and index == 0:
            for n, period in enumerate(past):
                actions.do_approve_result(facilitator, _report(author, groups, period, partner, 8 + 4 * n))
    if corrected is not None:
        author = people[reporters[0].pk]
        correction = actions.do_correct_result(
            author,
            corrected,
            value=Decimal(55),
            reason="Rumah tangga di Camplong belum terhitung pada laporan pertama.",
            narrative="Ditambah 5 rumah tangga dari Camplong setelah verifikasi kader.",
            breakdown={
                options["female"]: Decimal(30),
                options["male"]: Decimal(23),
                # The villages as first reported (value // 2, value // 3), plus the households found in Camplong.
                options["Oebelo"]: Decimal(25),
                options["Tesbatan"]: Decimal(16),
                options["Camplong"]: Decimal(5),
            },
            submit=True,
        )
        actions.do_approve_result(facilitator, correction)
    _seed_partner_goal(program, people, facilitator, past)
    return returned


def _seed_partner_goal(program, people, facilitator, past):
    goal = PartnerGoal.objects.filter(partner__program=program, partner_id__in=list(people)).order_by("pk").first()
    if goal is None:
        return
    indicator = actions.do_create_indicator(
        facilitator,
        program,
        partner_goal=goal,
        code="MB-1",
        name="Kegiatan program tercatat dalam laporan keberlanjutan mitra",
        kind="yes_no",
        aggregation="latest",
        direction="up",
        data_source="Laporan keberlanjutan tahunan mitra.",
        partners=[goal.partner],
    )
    result = actions.do_report_result(
        people[goal.partner_id],
        indicator,
        past[-1],
        goal.partner,
        value=Decimal(1),
        narrative="Dimuat di bab CSR.",
        submit=True,
    )
    actions.do_approve_result(facilitator, result)


def _seed_lombok(program, standard, today):
    if Indicator.objects.filter(program=program, code="LP-1").exists():
        return
    people, facilitator = _people(program)
    outcome = program.outcomes.order_by("order", "pk").first()
    if outcome is None or facilitator is None or not people:
        return
    actions.do_generate_periods(facilitator, program, today)
    past = list(ReportingPeriod.objects.filter(program=program, end__lt=today).order_by("start"))[-2:]
    partner = program.partners.filter(pk__in=list(people)).order_by("pk").first()
    indicator = actions.do_create_indicator(
        facilitator,
        program,
        outcome=outcome,
        code="LP-1",
        name="Rumah tangga rawan pangan dengan usaha tani produktif",
        unit="Rumah tangga",
        kind="number",
        aggregation="sum",
        direction="up",
        target_value=Decimal(150),
        partners=[partner],
        standard=standard,
    )
    for n, period in enumerate(past):
        result = actions.do_report_result(
            people[partner.pk], indicator, period, partner, value=Decimal(30 + 10 * n), submit=True
        )
        actions.do_approve_result(facilitator, result)
