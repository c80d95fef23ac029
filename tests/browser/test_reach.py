"""Reach (docs/reach.md): the public pages as an anonymous visitor sees them, in a real Chromium."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}")


def test_anonymous_visitor_reads_a_published_program_and_no_personal_data(cast, page, live_server):
    from public.actions import do_publish_program
    from public.tests.factories import publish_with_consent

    cast.staf_a.first_name, cast.staf_a.last_name, cast.staf_a.email = "Yohana", "Ratumakin", "yohana@example.org"
    cast.staf_a.save()
    published = publish_with_consent(cast)
    hidden = do_publish_program(cast.luar, cast.luar.memberships.get().program)  # no partner agreed

    page.goto(f"{live_server.url}/public/?lang=id")
    assert page.locator("html").get_attribute("lang") == "id"
    page.get_by_role("link", name=cast.program.name).click()
    page.wait_for_load_state()
    assert f"/public/p/{published.slug}/" in page.url
    text = page.locator("body").inner_text()
    assert cast.program.goal in text
    assert "Yayasan Mitra A" in text
    for private in ("Yohana", "Ratumakin", cast.fasilitator.last_name, cast.lead_a.last_name):
        assert private not in text
    assert not EMAIL.search(page.content())

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Shared goal" in page.locator("body").inner_text()

    page.get_by_role("link", name=re.compile("Partnership bulletin")).click()
    page.wait_for_load_state()
    assert not EMAIL.search(page.content())
    assert page.locator("a[href^='https://wa.me/?text=']").count() == 1

    response = page.goto(f"{live_server.url}/public/p/{hidden.slug}/")
    assert response.status == 404
