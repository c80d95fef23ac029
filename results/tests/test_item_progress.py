"""Issue 13, item 7: outcome and output progress comes from their indicators where they have a figure,
from milestones otherwise, and every page says which (docs/definitions.md, "progress")."""

from decimal import Decimal

import pytest
from django.urls import reverse

from results import actions
from results.models import Direction, Indicator
from results.tests.factories import IndicatorFactory
from roadmap.models import PROGRESS_FROM_INDICATORS, PROGRESS_FROM_MILESTONES, Outcome, Output
from roadmap.tests.factories import MilestoneFactory, OutputFactory

pytestmark = pytest.mark.django_db


def approve(cast, framework, value, *, indicator=None, period=None, partner=None, author=None):
    result = actions.do_report_result(
        author or cast.staf_a,
        indicator or framework.indicator,
        period or framework.past[-1],
        partner or cast.partner_a,
        value=Decimal(value),
        submit=True,
    )
    actions.do_approve_result(cast.fasilitator, result)
    return result


def stored(item):
    return type(item).objects.with_progress().get(pk=item.pk)


def test_without_a_figure_progress_comes_from_the_milestones(cast, framework):
    MilestoneFactory(output=framework.output, owner=cast.partner_a, progress=30)
    outcome, output = stored(framework.outcome), stored(framework.output)
    assert outcome.indicator_progress is None and output.indicator_progress is None
    assert (output.progress, output.progress_source) == (Decimal("30.0"), PROGRESS_FROM_MILESTONES)
    assert (outcome.progress, outcome.progress_source) == (Decimal("30.0"), PROGRESS_FROM_MILESTONES)


def test_no_indicator_figure_and_no_milestone_is_no_progress(cast, framework):
    outcome = stored(framework.outcome)
    assert outcome.progress is None and outcome.progress_source == ""


def test_an_approved_result_sets_the_progress_of_its_item_and_the_outcome(cast, framework):
    MilestoneFactory(output=framework.output, owner=cast.partner_a, progress=90)
    approve(cast, framework, 40)  # HH-1 on the outcome: 40 of an overall target of 100
    outcome, output = stored(framework.outcome), stored(framework.output)
    assert (outcome.progress, outcome.progress_source) == (Decimal("40.0"), PROGRESS_FROM_INDICATORS)
    # The output's own indicator has no figure yet: it stays on its milestones.
    assert (output.progress, output.progress_source) == (Decimal("90.0"), PROGRESS_FROM_MILESTONES)
    # HH-2 on the output: 10 of 50 = 20 %; the outcome is the mean of its indicator (40) and its output (20).
    approve(cast, framework, 10, indicator=framework.on_output)
    outcome, output = stored(framework.outcome), stored(framework.output)
    assert (output.progress, output.progress_source) == (Decimal("20.0"), PROGRESS_FROM_INDICATORS)
    assert outcome.progress == Decimal("30.0")


def test_submitted_or_returned_results_do_not_count(cast, framework):
    result = actions.do_report_result(
        cast.staf_a, framework.indicator, framework.past[-1], cast.partner_a, value=Decimal(40), submit=True
    )
    actions.do_return_result(cast.fasilitator, result, "Periksa lagi.")
    assert stored(framework.outcome).indicator_progress is None


def test_a_correction_changes_the_progress_only_once_approved(cast, framework):
    first = approve(cast, framework, 40)
    correction = actions.do_correct_result(
        cast.staf_a, first, value=Decimal(70), reason="Satu desa terlewat", submit=True
    )
    assert stored(framework.outcome).indicator_progress == Decimal("40.0")
    actions.do_approve_result(cast.fasilitator, correction)
    assert stored(framework.outcome).indicator_progress == Decimal("70.0")


def test_changing_the_target_or_the_period_targets_recomputes(cast, framework):
    approve(cast, framework, 40)
    actions.do_update_indicator(cast.fasilitator, framework.indicator, target_value=Decimal(80))
    assert stored(framework.outcome).indicator_progress == Decimal("50.0")
    # With period targets, the target to date is that of the periods reported so far.
    actions.do_set_period_targets(cast.fasilitator, framework.indicator, {framework.past[-1]: Decimal(160)})
    assert stored(framework.outcome).indicator_progress == Decimal("25.0")


def test_progress_is_capped_at_100_and_follows_the_direction(cast, framework):
    approve(cast, framework, 150)
    assert stored(framework.outcome).indicator_progress == Decimal("100.0")
    # Lower is better: 50 reached against a target of 25 is 50 %.
    output = framework.output
    down = IndicatorFactory(
        outcome=None, output=output, code="ST-1", target_value=25, direction=Direction.DOWN, partners=[cast.partner_a]
    )
    approve(cast, framework, 50, indicator=down)
    assert stored(output).indicator_progress == Decimal("50.0")


def test_creating_an_indicator_on_another_item_recomputes_the_program(cast, framework):
    approve(cast, framework, 40)
    other = OutputFactory(outcome=framework.outcome)
    Output.objects.filter(pk=other.pk).update(indicator_progress=Decimal(99))  # a stale stored value
    actions.do_create_indicator(
        cast.fasilitator, cast.program, output=other, code="NEW-1", name="Baru", target_value=Decimal(10)
    )
    assert stored(other).indicator_progress is None
    assert Indicator.objects.filter(output=other).exists()


def test_refresh_only_writes_what_changed(cast, framework, django_assert_num_queries):
    approve(cast, framework, 40)
    # program_rollup: indicators, periods, targets, actuals, outcomes, outputs; nothing changed: no update.
    with django_assert_num_queries(6):
        actions.refresh_item_progress(cast.program)
    Outcome.objects.filter(pk=framework.outcome.pk).update(indicator_progress=None)
    with django_assert_num_queries(7):
        actions.refresh_item_progress(cast.program)
    assert stored(framework.outcome).indicator_progress == Decimal("40.0")


def test_tree_detail_and_report_say_where_progress_comes_from(cast, framework, login):
    MilestoneFactory(output=framework.output, owner=cast.partner_a, progress=60)
    approve(cast, framework, 40)
    client = login(cast.manajer)
    tree = client.get(reverse("roadmap:tree", args=[cast.program.pk])).content.decode()
    assert 'data-source="indicators"' in tree and 'data-source="milestones"' in tree
    assert "dari indikator" in tree and "dari tonggak capaian" in tree
    detail = client.get(reverse("roadmap:outcome_detail", args=[framework.outcome.pk])).content.decode()
    assert 'data-source="indicators"' in detail
    detail = client.get(reverse("roadmap:output_detail", args=[framework.output.pk])).content.decode()
    assert 'data-source="milestones"' in detail
    report = client.get(reverse("reports:program", args=[cast.program.pk]))
    assert 'data-source="indicators"' in report.content.decode()
    assert [(o.progress, o.progress_source) for o in report.context["report"].outcomes] == [
        (Decimal("40.0"), PROGRESS_FROM_INDICATORS)
    ]
    export = client.get(reverse("reports:program_export", args=[cast.program.pk, "outcomes", "csv"]))
    assert "dari indikator" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_the_refresh_command_fills_values_stored_before_the_field_existed(cast, framework):
    from io import StringIO

    from django.core.management import call_command

    approve(cast, framework, 40)
    Outcome.objects.update(indicator_progress=None)  # as on a database upgraded from before item 7
    call_command("refresh_indicator_progress", stdout=StringIO())
    assert stored(framework.outcome).indicator_progress == Decimal("40.0")
