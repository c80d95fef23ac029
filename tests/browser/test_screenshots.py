"""Screenshots of the key pages in both languages for docs/screenshots/ (and the README).

Taken from the demo data (`seed_demo`), the same data `make run` shows, never from test fixtures.
Each page at desktop width (1280x800, `<name>-<lang>.png`) and phone width (390x844,
`<name>-phone-<lang>.png`).

Not part of the normal run (they rewrite files in docs/): `KEMITRAAN_SCREENSHOTS=1 python -m pytest
tests/browser/test_screenshots.py`.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("KEMITRAAN_SCREENSHOTS"), reason="set KEMITRAAN_SCREENSHOTS=1"),
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = (1280, 800)
PHONE = (390, 844)


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _shoot(browser, live_server, user, lang, path, name, viewport):
    phone = viewport == PHONE
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=phone, has_touch=phone
    )
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
    # Charts draw after load; give Chart.js its frame before the picture.
    page.wait_for_load_state("networkidle")
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "-phone" if phone else ""
    page.screenshot(path=str(OUT / f"{name}{suffix}-{lang}.png"), full_page=False)
    context.close()


def test_screenshots(browser, live_server):
    from django.contrib.auth import get_user_model

    from assessments.models import Assessment
    from facilitation.models import Meeting
    from governance.models import Recommendation
    from partners.models import Program
    from roadmap.models import Milestone

    call_command("seed_demo", verbosity=0)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["fasilitator", "mitra_a", "manajer"])}
    fasilitator, mitra, manajer = users["fasilitator"], users["mitra_a"], users["manajer"]
    program = Program.objects.filter(memberships__user=fasilitator).order_by("pk").first()
    milestone = Milestone.objects.filter(program=program, updates__isnull=False).order_by("pk").first()
    meeting = Meeting.objects.filter(program=program, status="held").order_by("-date").first()
    recommendation = Recommendation.objects.order_by("pk").first()
    pages = [
        (fasilitator, "/facilitation/", "dashboard"),
        (fasilitator, f"/partners/programs/{program.pk}/", "program"),
        (fasilitator, f"/roadmap/program/{program.pk}/", "roadmap"),
        (fasilitator, f"/roadmap/program/{program.pk}/timeline/", "timeline"),
        (fasilitator, f"/roadmap/milestone/{milestone.pk}/", "milestone"),
        (fasilitator, f"/facilitation/meetings/{meeting.pk}/", "meeting"),
        (fasilitator, f"/governance/recommendations/{recommendation.pk}/", "recommendation"),
        (fasilitator, f"/results/program/{program.pk}/", "results"),
        (mitra, "/roadmap/my/", "my-milestones"),
        (manajer, "/reports/", "portfolio"),
        (manajer, f"/reports/program/{program.pk}/", "program-report"),
    ]
    assessment = Assessment.objects.filter(subject=mitra, rater=mitra).order_by("-pk").first()
    if assessment is not None:
        pages.append((mitra, f"/assessments/rounds/{assessment.round_id}/people/{mitra.pk}/", "assessment"))
    for lang in ("id", "en"):
        for user, path, name in pages:
            for viewport in (DESKTOP, PHONE):
                _shoot(browser, live_server, user, lang, path, name, viewport)
