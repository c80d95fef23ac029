"""WCAG 2.1 AA in a real browser: axe-core on every page the demo's people reach, in both languages.

The demo data (`seed_demo`) is loaded once; then, for each demo account, the pages reachable from
its navigation and from the links on those pages are visited breadth-first (one page per route
shape, e.g. /roadmap/milestone/<n>/, so the run stays bounded), in Bahasa Indonesia and in English,
at desktop width and at phone width (390x844). axe-core (shipped inside axe-playwright-python, no
download) checks each page against the WCAG 2.0/2.1 A and AA rules. Any serious or critical
violation fails the test, listed with the page, the rule and the first offending element.
"""

import re
from collections import deque
from io import StringIO
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import Client

from partners.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}
# Pages per account (distinct route shapes); the facilitator reaches the most. At phone width the
# main pages of each role are checked (the templates are the same; the layout is what differs).
BUDGET = {
    "desktop": {"fasilitator": 40, "mitra_a": 12, "pimpinan_a": 12, "manajer": 14, "admin": 6},
    "phone": {"fasilitator": 15, "mitra_a": 8, "manajer": 8},
}
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
SKIP = re.compile(
    r"^/(admin|api|static|media|i18n|accounts/logout|healthz|sw\.js)|"
    r"/(export|download|pdf|csv|xlsx|file|files|evidence|print|unsubscribe)(/|$)|\.(pdf|csv|xlsx|png|jpg)$"
)


def shape(path):
    return re.sub(r"/\d+(?=/|$)", "/<n>", path)


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _crawl(context, base, budget, axe, problems, lang):
    page = context.new_page()
    seen, queue, visited = set(), deque(["/"]), 0
    while queue and visited < budget:
        path = queue.popleft()
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        response = page.goto(base + path)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        assert page.locator("html").get_attribute("lang") == lang, path
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            if violation["impact"] in BLOCKING:
                node = violation["nodes"][0]
                targets = [n["target"] for n in violation["nodes"][:3]]
                problems.append(
                    f"[{lang}] {path}: {violation['impact']} {violation['id']} ({len(violation['nodes'])}x) "
                    f"{targets} {node.get('failureSummary', '')[:160]!r}"
                )
        for href in page.eval_on_selector_all(
            "nav a[href], main a[href], header a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query and "tab=" in parts.query else "")
            if shape(parts.path) not in seen:
                queue.append(target)
    page.close()
    return visited


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_serious_accessibility_violations_on_any_page_of_the_demo(demo, browser, live_server, lang, width):
    axe = Axe()
    viewport = VIEWPORTS[width]
    problems, visited = [], {}
    for username, budget in BUDGET[width].items():
        user = User.objects.get(username=username)
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        context.add_cookies(
            [
                {"name": "sessionid", "value": _session(user), "url": live_server.url},
                {"name": "django_language", "value": lang, "url": live_server.url},
            ]
        )
        visited[(lang, username)] = _crawl(context, live_server.url, budget, axe, problems, lang)
        context.close()
    # Signed out: the login page and the public pages.
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page = context.new_page()
    for path in ("/accounts/login/", "/public/"):
        assert page.goto(live_server.url + path).status == 200, path
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            if violation["impact"] in BLOCKING:
                problems.append(
                    f"[{lang}] {path}: {violation['impact']} {violation['id']} {violation['nodes'][0]['target']}"
                )
    context.close()
    # The crawl really covered the app (a broken login would visit one page and find nothing wrong).
    assert visited[(lang, "fasilitator")] >= (20 if width == "desktop" else 10), visited
    assert all(count >= 3 for count in visited.values()), visited
    assert not problems, "\n".join(problems)
