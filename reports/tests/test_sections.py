"""The program report's sections fed by other apps: decisions, recommendations, recognition, trends."""

import datetime
import re

import pytest
from django.urls import reverse

from facilitation.models import Decision, Meeting
from governance.models import Recognition, Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(cast, road):
    in_period = road.today
    before = road.start - datetime.timedelta(days=40)
    held = Meeting.objects.create(program=cast.program, title="Rapat koordinasi", date=in_period, status="held")
    old = Meeting.objects.create(program=cast.program, title="Rapat lama", date=before, status="held")
    Decision.objects.create(meeting=held, text="Koperasi dibentuk bulan depan")
    Decision.objects.create(meeting=old, text="Keputusan lama di luar periode")
    Recommendation.objects.create(
        program=cast.program,
        kind=Recommendation.Kind.DUE_DATES,
        title="Geser tenggat pelatihan",
        rationale="Musim tanam",
        alternatives="Tidak ada",
    )
    Recognition.objects.create(
        program=cast.program,
        partner=cast.partner_a,
        title="Mitra teladan",
        description="Dampak luas",
        date=in_period,
        awarded_by="Bupati",
    )


def test_decisions_recommendations_and_recognition_in_the_report(cast, records, login):
    response = login(cast.manajer).get(reverse("reports:program", args=[cast.program.pk]))
    report = response.context["report"]
    assert [d.text for d in report.decisions] == ["Koperasi dibentuk bulan depan"]
    assert [r.title for r in report.recommendations] == ["Geser tenggat pelatihan"]
    assert [r.title for r in report.recognitions] == ["Mitra teladan"]
    body = response.content.decode()
    for text in ("Koperasi dibentuk bulan depan", "Geser tenggat pelatihan", "Mitra teladan"):
        assert text in body
    assert "Keputusan lama" not in body


def test_decisions_export(cast, records, login):
    response = login(cast.manajer).get(reverse("reports:program_export", args=[cast.program.pk, "decisions", "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Rapat koordinasi" in text and "Keputusan lama" not in text


def test_dependency_series_from_governance(cast, road, login):
    report = login(cast.manajer).get(reverse("reports:program", args=[cast.program.pk])).context["report"]
    assert report.dependency_series  # quarters with contributions
    assert report.dependency_series[-1]["total"] > 0


def test_no_inline_script_on_report_pages(cast, road, login):
    client = login(cast.manajer)
    for url in (reverse("reports:program", args=[cast.program.pk]), reverse("reports:portfolio")):
        body = client.get(url).content.decode()
        for tag in re.findall(r"<script[^>]*>", body):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert " onclick=" not in body and " onchange=" not in body
        assert "data-chart=" in body  # the chart canvas, drawn by static/js/reports-charts.js


def test_trends_show_round_averages_never_individual_scores(cast, road, login):
    from assessments.tests.factories import RoundFactory, submitted_assessment, submitted_health_check

    round_ = RoundFactory(program=cast.program)
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 5)
    submitted_assessment(round_, cast.staf_b, cast.staf_b, 1)
    submitted_assessment(round_, cast.lead_a, cast.lead_a, 3)
    submitted_assessment(round_, cast.lead_b, cast.lead_b, 3)
    submitted_health_check(round_, cast.lead_a, 4)  # a single answer: never shown
    for who in (cast.staf_b, cast.manajer, cast.fasilitator):
        response = login(who).get(reverse("reports:program", args=[cast.program.pk]))
        trends = response.context["report"].trends
        assert len(trends["rounds"]) == 1
        assert {float(row["values"][0]) for row in trends["competencies"]} == {3.0}
        assert {row["values"][0] for row in trends["health"]} == {None}
        body = response.content.decode()
        section = body.split('id="trends"', 1)[1].split("<h2", 1)[0]
        assert "3,0" in section or "3.0" in section
        # No person's own score (5 or 1) and not the one health-check answer (4) appears.
        assert not re.search(r">\s*(5|1|4)[,.]0\s*<", section)
        assert 'data-testid="trends-too-few"' in section


def test_trends_leave_out_averages_that_single_someone_out(cast, road, login):
    from assessments.tests.factories import RoundFactory, submitted_assessment

    round_ = RoundFactory(program=cast.program)
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 5)
    submitted_assessment(round_, cast.staf_b, cast.staf_b, 1)  # staf_a minus the average gives staf_b
    for who in (cast.staf_a, cast.fasilitator):
        trends = login(who).get(reverse("reports:program", args=[cast.program.pk])).context["report"].trends
        assert {row["values"][0] for row in trends["competencies"]} == {None}
        assert trends["rounds"][0]["competency_too_few"]
