"""Stored XSS: payloads typed into names, notes and comments come back escaped on every page
(and as literal text in the program-report PDF)."""

import pytest
from django.urls import reverse

from tests.security.html_checks import inline_script_problems, pages_for

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"X{SCRIPT}{IMG}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def poisoned(world):
    """The cast's world with a payload in every free-text field people type."""
    from partners.models import Contribution

    cast = world.cast
    cast.org_a.name = f"Yayasan {PAYLOAD}"
    cast.org_a.description = PAYLOAD
    cast.org_a.save()
    cast.program.name = f"Program {PAYLOAD}"
    cast.program.description = PAYLOAD
    cast.program.goal = PAYLOAD
    cast.program.save()
    cast.staf_a.first_name = PAYLOAD[:150]
    cast.staf_a.save()
    world.outcome.statement = PAYLOAD
    world.outcome.save()
    world.output.statement = PAYLOAD
    world.output.save()
    world.milestone.title = f"Tonggak {PAYLOAD}"
    world.milestone.description = PAYLOAD
    world.milestone.save()
    world.update.narrative = PAYLOAD
    world.update.review_note = PAYLOAD
    world.update.save()
    world.comment.body = PAYLOAD
    world.comment.save()
    Contribution.objects.filter(pk=world.contribution.pk).update(description=PAYLOAD)
    world.meeting.title = f"Rapat {PAYLOAD}"
    world.meeting.notes = PAYLOAD
    world.meeting.agenda = PAYLOAD
    world.meeting.save()
    world.meeting.decisions.create(text=PAYLOAD)
    world.action_item.description = PAYLOAD
    world.action_item.save()
    world.mediation.issue = PAYLOAD
    world.mediation.title = f"Mediasi {PAYLOAD}"
    world.mediation.save()
    world.recommendation.title = f"Rekomendasi {PAYLOAD}"
    world.recommendation.rationale = PAYLOAD
    world.recommendation.save()
    # Results: the IPTT, the results portfolio and the dashboard's queue write these rows in Python.
    world.indicator.name = f"Indikator {PAYLOAD}"
    world.indicator.save()
    world.result  # noqa: B018 - a submitted result, so the indicator is in the review queue
    world.standard_indicator.name = f"Standar {PAYLOAD}"
    world.standard_indicator.save()
    return world


def _html_pages(client, world):
    for name, url in pages_for(world):
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            yield name, url, response.content.decode()


@pytest.mark.parametrize("who", ["fasilitator", "staf_a", "manajer"])
def test_payloads_render_escaped_on_every_page(poisoned, login, who):
    client = login(getattr(poisoned, who))
    escaped_on, seen = [], 0
    for name, url, html in _html_pages(client, poisoned):
        seen += 1
        assert SCRIPT not in html, f"{name} {url}: raw <script> payload"
        assert "<img src=x onerror" not in html, f"{name} {url}: raw <img onerror> payload"
        assert not inline_script_problems(html), f"{name} {url}: {inline_script_problems(html)}"
        if ESCAPED_SCRIPT in html:
            escaped_on.append(name)
    assert seen >= 10
    # The payload really reached the pages (shown, escaped), so the checks above mean something.
    assert "partners:program_detail" in escaped_on
    if who != "manajer":
        assert "roadmap:milestone_detail" in escaped_on


def test_key_pages_show_the_payload_as_text(poisoned, login):
    client = login(poisoned.fasilitator)
    for name, kwargs in [
        ("roadmap:milestone_detail", {"pk": poisoned.milestone.pk}),
        ("facilitation:meeting_detail", {"pk": poisoned.meeting.pk}),
        ("governance:recommendation_detail", {"pk": poisoned.recommendation.pk}),
        ("partners:organisation_detail", {"pk": poisoned.org_a.pk}),
    ]:
        html = client.get(reverse(name, kwargs=kwargs)).content.decode()
        assert ESCAPED_SCRIPT in html, name


def test_pdf_shows_the_payload_as_literal_text(poisoned, login, django_capture_on_commit_callbacks):
    """The program-report PDF (WeasyPrint) prints the payload as text; pypdf reads it back."""
    import io

    from pypdf import PdfReader

    from reports.models import ExportJob

    poisoned.milestone.status = "done"
    poisoned.milestone.save()
    client = login(poisoned.manajer)
    with django_capture_on_commit_callbacks(execute=True):  # the export task runs in-process
        response = client.post(
            reverse("reports:program_export_job", args=[poisoned.program.pk]), {"kind": ExportJob.Kind.PROGRAM_PDF}
        )
    assert response.status_code == 302
    job = ExportJob.objects.get(requested_by=poisoned.manajer)
    assert job.status == ExportJob.Status.DONE, job.error
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    compact = text.replace(" ", "").replace("\n", "")
    assert "<script>alert(1)</script>" in compact, flat[:500]
    assert "&lt;" not in flat  # shown as the characters typed, not double-escaped


def test_rows_written_in_python_show_the_payload_as_text(poisoned, login):
    """Issue 19 moved the busiest rows out of templates into Python (dashboard cards and queue, the
    IPTT, the report tables, my milestones): each still escapes what people typed."""
    program = poisoned.program.pk
    for who, name, args in [
        ("fasilitator", "facilitation:dashboard", []),
        ("fasilitator", "results:iptt", [program]),
        ("fasilitator", "roadmap:tree", [program]),
        ("fasilitator", "roadmap:timeline", [program]),
        ("manajer", "reports:program", [program]),
        ("manajer", "reports:portfolio", []),
        ("staf_a", "roadmap:my_milestones", []),
    ]:
        html = login(getattr(poisoned, who)).get(reverse(name, args=args)).content.decode()
        assert ESCAPED_SCRIPT in html, name
        assert SCRIPT not in html and "<img src=x onerror" not in html, name
