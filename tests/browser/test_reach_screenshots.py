"""Phone screenshots (390x844) for docs/reach.md, from the demo data (seed_demo).

Not part of the normal run (they rewrite files in docs/): `KEMITRAAN_SCREENSHOTS=1 python -m pytest
tests/browser/test_reach_screenshots.py`. The public program page (anonymous, both languages) and
the offline banner with one draft waiting (mitra_a, offline, both languages).
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("KEMITRAAN_SCREENSHOTS"), reason="set KEMITRAAN_SCREENSHOTS=1"),
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


def _phone(browser, live_server, lang):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    return context


def test_reach_screenshots(browser, live_server):
    from public.models import PublicPage
    from roadmap.models import Milestone

    call_command("seed_demo", verbosity=0)
    page_row = PublicPage.objects.get(is_published=True)
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("id", "en"):
        context = _phone(browser, live_server, lang)
        page = context.new_page()
        response = page.goto(f"{live_server.url}/public/p/{page_row.slug}/?lang={lang}")
        assert response.status == 200
        page.locator("[data-testid=headline-indicators]").scroll_into_view_if_needed()
        page.screenshot(path=str(OUT / f"public-program-phone-{lang}.png"), full_page=True)
        context.close()

        context = _phone(browser, live_server, lang)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "mitra_a")
        page.fill("#id_password", "kemitraan-demo")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url("**/roadmap/my/**")
        page.wait_for_selector("#offline-status[data-sw-controls]", state="attached", timeout=60000)
        page.wait_for_selector("#offline-status[data-pages-kept]", state="attached", timeout=60000)
        milestone = Milestone.objects.filter(owner__organisation__name__startswith="Yayasan Harapan").open().first()
        context.set_offline(True)
        page.goto(f"{live_server.url}/roadmap/milestone/{milestone.pk}/report/")
        page.fill("input[name=progress]", "60")
        page.fill("textarea[name=narrative]", "Pendataan di Desa Oebelo selesai; 42 rumah tangga terdata.")
        page.locator("form[data-offline-form] button[name=submit]").click()
        page.wait_for_selector("[data-offline-notice].alert-success")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(OUT / f"offline-banner-phone-{lang}.png"))
        context.close()
