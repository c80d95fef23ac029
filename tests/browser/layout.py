"""Layout checks for the browser journeys (issue 16, item 2: on a phone the main action is on screen)."""

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# The outermost elements that reach past the viewport's right edge, named for the failure message.
WIDEST = """width => {
  const clipped = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== "visible") return true; } return false; };
  const wide = [...document.body.querySelectorAll("*")].filter(
    el => el.getBoundingClientRect().right > width + 1 && !clipped(el));
  return wide.filter(el => !wide.includes(el.parentElement)).slice(0, 5).map(
    el => el.outerHTML.slice(0, 120) + " (" + Math.round(el.getBoundingClientRect().right) + "px)");
}"""


def new_page(browser, page):
    """A second person's browser, the same size as the journey's `page`."""
    return browser.new_context(viewport=page.viewport_size).new_page()


def main_action_visible(page, target):
    """Assert that the page's main action (a locator or a selector) is shown, lies wholly inside the
    viewport's width without scrolling sideways, and that the document itself does not scroll
    sideways. Only the window is scrolled (vertically) to reach it: a scroll box it sits in is left
    where the page put it, so a button hidden off to the right of a sideways-scrolling table fails."""
    locator = page.locator(target) if isinstance(target, str) else target
    locator = locator.first
    locator.wait_for(state="attached")
    width = page.viewport_size["width"]
    assert locator.is_visible(), f"{page.url}: the main action {target!r} is not shown"
    locator.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 100)")
    box = locator.bounding_box()
    assert box is not None and box["width"] > 0, f"{page.url}: the main action {target!r} has no size"
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (
        f"{page.url}: the main action {target!r} is at x={box['x']:.0f}..{box['x'] + box['width']:.0f}, "
        f"outside the {width}px wide viewport"
    )
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 1, (
        f"{page.url}: the page scrolls sideways ({scroll_width}px in {width}px), because of "
        f"{page.evaluate(WIDEST, width)}"
    )
    return locator
