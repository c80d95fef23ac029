"""A national-scale road map stays small on the wire (issue 19): above a threshold the tree opens
with its outputs collapsed (rows load per output, with htmx or a plain link) and the timeline shows
one bar per output until an output is chosen. Query counts stay constant; HTML sizes are pinned."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roadmap import selectors, views
from roadmap.models import Milestone
from roadmap.tests.factories import OutputFactory

pytestmark = pytest.mark.django_db


def bulk_milestones(output, owner, n, *, title="Tonggak massal", late=0):
    today = timezone.localdate()
    Milestone.objects.bulk_create(
        [
            Milestone(
                program=output.outcome.program,
                output=output,
                owner=owner,
                title=f"{title} {i + 1}",
                start_date=today - datetime.timedelta(days=60),
                due_date=today - datetime.timedelta(days=3) if i < late else today + datetime.timedelta(days=30 + i),
                status="in_progress",
                progress=40,
            )
            for i in range(n)
        ]
    )


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(views, "TREE_ROWS_MAX", 10)
    monkeypatch.setattr(views, "TIMELINE_BARS_MAX", 10)


def test_a_large_tree_opens_collapsed_and_each_output_loads_its_rows(cast, roadmap, login, small_limits):
    second = OutputFactory(outcome=roadmap.outcome, statement="Kelompok usaha perempuan terbentuk")
    bulk_milestones(roadmap.output, cast.partner_a, 8, title="Pendataan desil")
    bulk_milestones(second, cast.partner_b, 8, title="Pelatihan tenun", late=2)
    client = login(cast.fasilitator)

    page = client.get(reverse("roadmap:tree", args=[cast.program.pk])).content.decode()
    assert 'data-testid="tree-collapsed"' in page
    assert page.count('data-testid="output-collapsed"') == 2
    assert "Pendataan desil 1" not in page and "Pelatihan tenun 1" not in page
    # Without JavaScript each collapsed output links to its own page, which lists its milestones.
    assert reverse("roadmap:output_detail", args=[second.pk]) in page
    rows_url = reverse("roadmap:tree_output_rows", args=[second.pk])
    assert rows_url in page

    rows = client.get(rows_url).content.decode()
    assert rows.count("<tr") == 8 and "Pelatihan tenun 8" in rows and "Pendataan desil" not in rows
    assert rows.count("data-overdue") == 2
    # The tree's filters apply to the rows loaded on demand too.
    filtered = client.get(rows_url + "?overdue=on").content.decode()
    assert filtered.count("<tr") == 2
    none = client.get(rows_url + "?status=done").content.decode()
    assert "No milestones match" in none or "Tidak ada tonggak" in none


def test_a_small_tree_still_shows_everything(cast, roadmap, login):
    page = login(cast.staf_a).get(reverse("roadmap:tree", args=[cast.program.pk])).content.decode()
    assert 'data-testid="output-collapsed"' not in page
    assert "Survei data dasar" in page


def test_a_large_timeline_shows_one_bar_per_output_then_the_chosen_output(
    cast, roadmap, login, small_limits, monkeypatch
):
    second = OutputFactory(outcome=roadmap.outcome, statement="Kelompok usaha perempuan terbentuk")
    bulk_milestones(second, cast.partner_b, 12, title="Pelatihan tenun", late=3)
    client = login(cast.manajer)
    url = reverse("roadmap:timeline", args=[cast.program.pk])

    page = client.get(url).content.decode()
    assert 'data-testid="timeline-overview"' in page
    assert page.count('data-testid="timeline-output"') == 2
    assert f'href="?output={second.pk}"' in page
    assert "Pelatihan tenun 1" not in page

    chosen = client.get(f"{url}?output={second.pk}").content.decode()
    assert 'data-testid="timeline-overview"' in chosen  # 12 > 10: still the overview, but of one output
    monkeypatch.setattr(views, "TIMELINE_BARS_MAX", 50)
    chosen = client.get(f"{url}?output={second.pk}").content.decode()
    assert 'data-testid="timeline-overview"' not in chosen
    assert "Pelatihan tenun 1" in chosen and "Survei data dasar" not in chosen


def test_collapsed_pages_are_constant_in_queries(cast, roadmap, login, small_limits):
    client = login(cast.fasilitator)
    tree = reverse("roadmap:tree", args=[cast.program.pk])
    timeline = reverse("roadmap:timeline", args=[cast.program.pk])
    rows = reverse("roadmap:tree_output_rows", args=[roadmap.output.pk])
    bulk_milestones(roadmap.output, cast.partner_a, 20)
    counts = []
    for url in (tree, timeline, rows):
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    bulk_milestones(OutputFactory(outcome=roadmap.outcome), cast.partner_b, 60)
    bulk_milestones(roadmap.output, cast.partner_a, 60)
    again = []
    for url in (tree, timeline, rows):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        again.append(len(ctx.captured_queries))
    assert again == counts


def test_html_size_is_capped_for_a_large_road_map(cast, roadmap, login):
    """At the real thresholds: 1,000 milestones in 4 outputs stay far below 200 KB per page."""
    outputs = [roadmap.output, *[OutputFactory(outcome=roadmap.outcome) for _ in range(3)]]
    for output in outputs:
        bulk_milestones(output, cast.partner_a, 250)
    assert Milestone.objects.filter(program=cast.program).count() > selectors.TREE_ROWS_MAX
    client = login(cast.fasilitator)
    tree = client.get(reverse("roadmap:tree", args=[cast.program.pk]))
    timeline = client.get(reverse("roadmap:timeline", args=[cast.program.pk]))
    rows = client.get(reverse("roadmap:tree_output_rows", args=[outputs[1].pk]))
    assert len(tree.content) < 60_000, len(tree.content)
    assert len(timeline.content) < 60_000, len(timeline.content)
    assert len(rows.content) < 200_000, len(rows.content)
