"""Issue 13, item 8: the old figures of outcomes and outputs become indicators, then the fields go.

Runs the real migrations: back to before the data migration, rows written with the historical
models, then forward to the latest state (SQLite locally, PostgreSQL in CI)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("results", "0003_client_id"), ("roadmap", "0008_indicator_progress")]

pytestmark = pytest.mark.django_db(transaction=True)


def _before():
    """Every app at its latest migration, except results and roadmap just before item 8's."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [node for node in leaves if node[0] not in ("results", "roadmap")] + BEFORE


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_item_figures_become_one_indicator_each_and_nothing_is_lost():
    old = _migrate(_before())
    Program = old.get_model("partners", "Program")
    Organisation = old.get_model("partners", "Organisation")
    ProgramPartner = old.get_model("partners", "ProgramPartner")
    User = old.get_model("partners", "User")
    Membership = old.get_model("partners", "Membership")
    Outcome = old.get_model("roadmap", "Outcome")
    Output = old.get_model("roadmap", "Output")
    province = old.get_model("partners", "Province").objects.order_by("pk").first()
    today = datetime.date.today()
    program = Program.objects.create(
        name="Desa Sejahtera",
        goal="Kemiskinan turun",
        start_date=today - datetime.timedelta(days=400),
        end_date=today + datetime.timedelta(days=400),
        reporting_frequency="quarterly",
        reporting_due_days=30,
    )
    funder = ProgramPartner.objects.create(
        program=program,
        organisation=Organisation.objects.create(name="Bank", sector="business", province=province),
        role="funding",
        is_initial_funder=True,
    )
    ngo = ProgramPartner.objects.create(
        program=program,
        organisation=Organisation.objects.create(name="Yayasan", sector="civil_society", province=province),
        role="implementing",
    )
    facilitator = User.objects.create(username="pendamping", role="facilitator")
    Membership.objects.create(program=program, user=facilitator, role="facilitator")
    outcome = Outcome.objects.create(
        program=program,
        code="C1",
        statement="Pendapatan naik",
        indicator="Rumah tangga berusaha",
        unit="rumah tangga",
        baseline_value=Decimal(10),
        target_value=Decimal(200),
        achieved_value=Decimal(50),
        baseline_text="data BPS 2024",
    )
    outcome.partners.add(ngo)
    measured = Output.objects.create(
        outcome=outcome, statement="Pelatihan", target_value=Decimal(10), achieved_value=Decimal(10), unit="kali"
    )
    qualitative = Output.objects.create(outcome=outcome, statement="Koperasi", target_text="Koperasi berbadan hukum")
    falling = Output.objects.create(
        outcome=outcome,
        statement="Stunting turun",
        unit="%",
        baseline_value=Decimal(30),
        target_value=Decimal(20),
        achieved_value=Decimal(25),
    )
    empty = Output.objects.create(outcome=outcome, statement="Tanpa angka")
    negative = Output.objects.create(outcome=outcome, statement="Aneh", baseline_value=Decimal(-5))

    new = _migrate(_latest())
    Indicator = new.get_model("results", "Indicator")
    Result = new.get_model("results", "Result")
    PeriodTarget = new.get_model("results", "PeriodTarget")
    outcome_model = new.get_model("roadmap", "Outcome")
    output_model = new.get_model("roadmap", "Output")

    ind = Indicator.objects.get(outcome=outcome.pk)
    assert (ind.code, ind.name, ind.unit, ind.kind, ind.direction) == (
        "C1",
        "Rumah tangga berusaha",
        "rumah tangga",
        "number",
        "up",
    )
    assert (ind.baseline_value, ind.target_value, ind.baseline_text) == (10, 200, "data BPS 2024")
    assert list(ind.partners.values_list("pk", flat=True)) == [ngo.pk]
    target = PeriodTarget.objects.get(indicator=ind)
    assert target.value == 200 and target.period.start <= today <= target.period.end
    result = Result.objects.get(indicator=ind)
    assert (result.value, result.state, result.superseded, result.partner_id, result.author_id) == (
        50,
        "approved",
        False,
        ngo.pk,
        facilitator.pk,
    )
    assert result.period_id == target.period_id

    # An output without partners: the program's initial funder reports the old achieved value.
    out = Indicator.objects.get(output=measured.pk)
    assert out.code == f"OP-{measured.pk}" and out.unit == "kali"
    assert Result.objects.get(indicator=out).partner_id == funder.pk
    qual = Indicator.objects.get(output=qualitative.pk)
    assert (qual.kind, qual.target_text, qual.target_value) == ("narrative", "Koperasi berbadan hukum", None)
    assert not Result.objects.filter(indicator=qual).exists()
    down = Indicator.objects.get(output=falling.pk)
    assert down.direction == "down"
    assert not Indicator.objects.filter(output=empty.pk).exists()
    odd = Indicator.objects.get(output=negative.pk)
    assert odd.baseline_value is None and "-5" in odd.data_source

    # Stored progress from indicators: 50/200 = 25 %, 10/10 = 100 %, 20/25 = 80 %; the outcome's mean 68.3 %.
    assert output_model.objects.get(pk=measured.pk).indicator_progress == Decimal("100.0")
    assert output_model.objects.get(pk=falling.pk).indicator_progress == Decimal("80.0")
    assert output_model.objects.get(pk=qualitative.pk).indicator_progress is None
    assert outcome_model.objects.get(pk=outcome.pk).indicator_progress == Decimal("68.3")
    # One period for the program, shared by every migrated indicator.
    assert new.get_model("results", "ReportingPeriod").objects.filter(program=program.pk).count() == 1
    # The old fields are gone.
    names = {f.name for f in outcome_model._meta.get_fields()}
    assert not names & {"baseline_value", "target_value", "achieved_value", "baseline_text", "target_text", "unit"}


def test_the_migrated_figures_read_the_same_in_the_results_app():
    """After migrating, the IPTT row of a migrated indicator gives the old achieved value and target."""
    old = _migrate(_before())
    Program = old.get_model("partners", "Program")
    Organisation = old.get_model("partners", "Organisation")
    ProgramPartner = old.get_model("partners", "ProgramPartner")
    User = old.get_model("partners", "User")
    Outcome = old.get_model("roadmap", "Outcome")
    province = old.get_model("partners", "Province").objects.order_by("pk").first()
    today = datetime.date.today()
    program = Program.objects.create(name="P", goal="G", start_date=today, reporting_frequency="annual")
    ProgramPartner.objects.create(
        program=program,
        organisation=Organisation.objects.create(name="O", sector="government", province=province),
        role="lead",
    )
    User.objects.create(username="admin", role="admin", is_superuser=True)
    outcome = Outcome.objects.create(
        program=program, statement="S", target_value=Decimal(80), achieved_value=Decimal(60)
    )
    _migrate(_latest())

    from results.models import Indicator
    from results.selectors import indicator_rows

    rows, _periods = indicator_rows(Indicator.objects.filter(outcome=outcome.pk))
    assert (rows[0].actual, rows[0].target, rows[0].score) == (60, 80, Decimal("75.0"))
