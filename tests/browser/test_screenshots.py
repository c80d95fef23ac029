"""Screenshots of the key pages in both languages for docs/screenshots/ (and the README).

Not part of the normal run (they rewrite files in docs/): `KEMITRAAN_SCREENSHOTS=1 python -m pytest
tests/browser/test_screenshots.py`. 1280x800, plus the dashboard at phone width (390x844).
"""

import os
from pathlib import Path

import pytest
from django.test import Client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("KEMITRAAN_SCREENSHOTS"), reason="set KEMITRAAN_SCREENSHOTS=1"),
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _shoot(browser, live_server, user, lang, path, name, viewport=(1280, 800)):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.add_cookies(
        [
            {"name": "sessionid", "value": _session(user), "url": live_server.url},
            {"name": "django_language", "value": lang, "url": live_server.url},
        ]
    )
    page = context.new_page()
    response = page.goto(live_server.url + path)
    assert response.status == 200, f"{path}: {response.status}"
    assert page.locator("html").get_attribute("lang") == lang
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}-{lang}.png"), full_page=False)
    context.close()


def test_screenshots(story, browser, live_server):
    from facilitation.tests.factories import ActionItemFactory

    ActionItemFactory(meeting=story.meeting, owner_partner=story.partner_a, description="Siapkan modul pelatihan")
    story.meeting.decisions.create(text="Jadwal pelatihan kader dimajukan satu minggu.")
    story.recommendation  # noqa: B018 - build it
    story.milestones[1].status = "done"
    story.milestones[1].save()
    pages = [
        (story.fasilitator, "/facilitation/", "dashboard"),
        (story.fasilitator, f"/partners/programs/{story.program.pk}/", "program"),
        (story.fasilitator, f"/roadmap/program/{story.program.pk}/", "roadmap"),
        (story.fasilitator, f"/roadmap/program/{story.program.pk}/timeline/", "timeline"),
        (story.fasilitator, f"/roadmap/milestone/{story.milestones[1].pk}/", "milestone"),
        (story.fasilitator, f"/facilitation/meetings/{story.meeting.pk}/", "meeting"),
        (story.fasilitator, f"/governance/recommendations/{story.recommendation.pk}/", "recommendation"),
        (story.staf_a, "/roadmap/my/", "my-milestones"),
        (story.manajer, "/reports/", "portfolio"),
        (story.manajer, f"/reports/program/{story.program.pk}/", "program-report"),
    ]
    if story.round_ is not None:
        pages.append((story.staf_a, f"/assessments/rounds/{story.round_.pk}/people/{story.staf_a.pk}/", "assessment"))
    for lang in ("id", "en"):
        for user, path, name in pages:
            _shoot(browser, live_server, user, lang, path, name)
        _shoot(browser, live_server, story.fasilitator, lang, "/facilitation/", "dashboard-phone", (390, 844))
