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
    # The jump may be animated (smooth scrolling): wait until the section has arrived in view.
    page.wait_for_function(
        "() => { const top = document.querySelector('#section-contributions').getBoundingClientRect().top;"
        " return top >= 0 && top < window.innerHeight; }"
    )
    # The page scrolled and the section is now in view, below the sticky bar rather than under it.
    assert page.evaluate("window.scrollY") > 0
    top = target.evaluate("e => e.getBoundingClientRect().top")
    bar_bottom = bar.evaluate("e => e.getBoundingClientRect().bottom")
    assert bar_bottom - 2 <= top < page.evaluate("window.innerHeight")
    assert bar.is_visible()


def test_add_a_person_by_typing_and_picking_a_suggestion(story, page, live_server):
    from partners.models import Membership
    from partners.tests.factories import UserFactory

    sinta = UserFactory(first_name="Sinta", last_name="Dewi", role="manager")
    UserFactory(first_name="Budi", last_name="Santoso", role="manager")
    login(page, live_server, "fasilitator")
    page.goto(f"{live_server.url}/partners/programs/{story.program.pk}/members/add/")
    page.locator("#id_user").press_sequentially("Sin", delay=50)
    suggestion = page.locator(f"[data-testid=search-results-user] input[value='{sinta.pk}']")
    suggestion.wait_for()
    assert page.locator("[data-testid=search-results-user] input[type=radio]").count() == 1  # not Budi
    page.locator(f"label[for='match_user_{sinta.pk}']").click()
    page.select_option("select[name=role]", "manager")
    submit(page)
    assert Membership.objects.filter(program=story.program, user=sinta, role="manager").exists()


def test_a_meeting_records_three_action_items_in_one_save(story, page, live_server):
    import datetime

    from django.utils import timezone

    from facilitation.models import ActionItem, Meeting

    today = timezone.localdate()
    login(page, live_server, "fasilitator")
    page.goto(f"{live_server.url}/facilitation/programs/{story.program.pk}/meetings/new/")
    page.fill("input[name=title]", "Rapat tindak lanjut")
    page.select_option("select[name=kind]", "coordination")
    page.select_option("select[name=status]", "held")
    page.fill("input[name=date]", today.isoformat())
    page.get_by_role("button", name="Tambah tindak lanjut lain").click()
    for n in range(3):
        page.fill(f"input[name=items-{n}-description]", f"Tindak lanjut {n + 1}")
        page.select_option(f"select[name=items-{n}-owner_partner]", str(story.partner_a.pk))
        page.fill(f"input[name=items-{n}-due_date]", (today + datetime.timedelta(days=10 + n)).isoformat())
    submit(page)
    meeting = Meeting.objects.get(title="Rapat tindak lanjut")
    assert sorted(ActionItem.objects.filter(meeting=meeting).values_list("description", flat=True)) == [
        "Tindak lanjut 1",
        "Tindak lanjut 2",
        "Tindak lanjut 3",
    ]


def test_the_assessment_counter_follows_the_answers(story, page, live_server):
    if story.round_ is None:
        pytest.skip("assessments app not available")
    login(page, live_server, "staf_a")
    page.goto(f"{live_server.url}/assessments/rounds/{story.round_.pk}/people/{story.staf_a.pk}/")
    counter = page.locator("[data-testid=answer-progress] [aria-live=polite]")
    total = int(page.locator("[data-testid=answer-progress]").get_attribute("data-total"))
    assert counter.inner_text() == f"0 dari {total} pertanyaan terjawab"
    radios = page.locator("input[type=radio][name^=score_]")
    first_name = radios.first.get_attribute("name")
    radios.first.check()
    assert counter.inner_text() == f"1 dari {total} pertanyaan terjawab"
    page.locator(f"input[type=radio][name={first_name}]").nth(2).check()  # another level, same question
    assert counter.inner_text() == f"1 dari {total} pertanyaan terjawab"
