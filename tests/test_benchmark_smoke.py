"""The scale tools cannot break unnoticed: seed_scale at a tiny size, then `benchmark --json` on it.

No timings are asserted (they belong to the benchmark, not to tests): only that every page was
measured, answered 200, and that the JSON has the shape docs/PERFORMANCE.md describes.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "floor",
    "facilitator_dashboard",
    "road_map_tree",
    "road_map_timeline",
    "my_milestones",
    "program_report",
    "portfolio_report",
    "pdf",
    "results_iptt",
    "results_portfolio_roll_up",
}


@pytest.fixture
def tiny_scale():
    call_command("seed_scale", programs=3, organisations=9, people=30, milestones=60, largest=30, stdout=StringIO())


def test_benchmark_json_has_every_page_measured(tiny_scale, tmp_path, settings):
    path = tmp_path / "bench.json"
    out = StringIO()
    call_command("benchmark", runs=1, sweep=True, json_path=str(path), stdout=out)
    data = json.loads(path.read_text())

    assert PAGES <= set(data["pages"]), out.getvalue()
    assert data["floor_ms"] > 0
    for key, page in data["pages"].items():
        assert page["median_ms"] is not None and page["median_ms"] > 0, key
        assert page["queries"] > 0, key
        if key != "pdf":
            assert page["status"] == 200, (key, page)
            assert page["html_bytes"] > 1000, key
            assert page["ratio_to_floor"] > 0, key
    # Program-scoped pages were also requested for the smallest subject, so constancy is visible.
    for key in ("road_map_tree", "road_map_timeline", "program_report", "pdf", "results_iptt"):
        assert data["pages"][key]["queries_smallest"] is not None, key
    assert data["sweep_committed"] is False
    assert data["sweep_first_s"] > 0 and data["sweep_next_day_s"] > 0
    assert data["pdf_s"] > 0
    # The Markdown/plain table is still printed.
    assert "facilitator dashboard" in out.getvalue()


def test_committed_sweep_keeps_its_reminders(tiny_scale, tmp_path):
    from notifications.models import Reminder

    path = tmp_path / "bench.json"
    call_command(
        "benchmark", runs=1, sweep=True, commit_sweep=True, no_pages=True, json_path=str(path), stdout=StringIO()
    )
    data = json.loads(path.read_text())
    assert data["sweep_committed"] is True
    assert set(data["pages"]) == {"floor"}
    # Committed: what the first sweep recorded is still there afterwards.
    assert Reminder.objects.exists()


def test_the_road_map_and_reports_benchmarks_run_and_roll_back(tiny_scale):
    from partners.models import Program
    from roadmap.models import Milestone

    before = (Program.objects.count(), Milestone.objects.count())
    out = StringIO()
    call_command("roadmap_benchmark", milestones=40, runs=1, stdout=out)
    assert "tree" in out.getvalue().lower()
    out = StringIO()
    call_command("reports_benchmark", milestones=200, programs=3, stdout=out)
    assert "rolled back" in out.getvalue()
    assert (Program.objects.count(), Milestone.objects.count()) == before


def test_the_reminders_benchmark_refuses_a_database_that_is_not_a_throwaway():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="throwaway"):
        call_command("reminders_benchmark", milestones=10, people=5, stdout=StringIO())
