"""Offline progress reporting in a real Chromium (issue 17, part 1; docs/reach.md).

Partner staff open "My milestones" online (the service worker takes control and the pages are kept
for them), lose the connection (Playwright's `context.set_offline`), write a report with a photo,
see one draft waiting, come back online, and the draft is sent on its own; the facilitator finds it
in the review queue. A milestone changed or closed meanwhile keeps the draft with a message; a
replayed draft makes no second report. The live server runs on http://localhost, which browsers
count as a secure context, so the service worker and crypto.randomUUID work as over HTTPS.
"""

import io
import uuid

import pytest

from tests.browser.test_journeys import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAP = 60_000  # MAX_UPLOAD_BYTES for these tests: the photo below is larger and must be made smaller


def noisy_png(path, side=420):
    """A PNG that does not compress (random pixels), well over CAP."""
    import os

    from PIL import Image

    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size > CAP
    return path


@pytest.fixture
def small_cap(settings):
    settings.MAX_UPLOAD_BYTES = CAP


def open_my_milestones(page, live_server):
    """Online: the service worker controls the page and the milestones are kept on the device."""
    page.goto(f"{live_server.url}/roadmap/my/")
    page.wait_for_selector("#offline-status[data-sw-controls]", state="attached", timeout=60000)
    page.wait_for_selector("#offline-status[data-pages-kept]", state="attached", timeout=60000)


def write_offline(page, live_server, milestone, narrative, photo=None):
    page.goto(f"{live_server.url}/roadmap/milestone/{milestone.pk}/report/")  # served by the service worker
    assert milestone.title in page.content()
    page.select_option("select[name=new_status]", "in_progress")
    page.fill("input[name=progress]", "70")
    page.fill("textarea[name=narrative]", narrative)
    if photo is not None:
        page.set_input_files("input[name=evidence]", str(photo))
    page.locator("form[data-offline-form] button[name=submit]").click()
    page.wait_for_selector("[data-offline-notice].alert-success")


def draft_count(page):
    return int(page.locator("[data-testid=draft-count]").get_attribute("data-count"))


def wait_for_count(page, n):
    page.wait_for_selector(f"[data-testid=draft-count][data-count='{n}']", state="attached", timeout=60000)


def test_offline_report_with_a_photo_syncs_and_reaches_the_review_queue(
    story, browser, live_server, tmp_path, small_cap
):
    from roadmap.models import Evidence, ProgressUpdate

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, live_server, "staf_a")
    open_my_milestones(page, live_server)
    target = story.milestones[3]
    before = ProgressUpdate.objects.count()

    context.set_offline(True)
    photo = noisy_png(tmp_path / "foto-pelatihan.png")
    write_offline(page, live_server, target, "Pelatihan kader di Desa Oelbiteno selesai.", photo)
    assert page.locator("[data-testid=offline-state]").is_visible()
    wait_for_count(page, 1)
    assert ProgressUpdate.objects.count() == before  # nothing left the device

    # Offline, the cached "My milestones" still opens, and still says one draft waits.
    page.goto(f"{live_server.url}/roadmap/my/")
    assert target.title in page.content()
    wait_for_count(page, 1)

    context.set_offline(False)  # the "online" event sends the draft on its own
    wait_for_count(page, 0)
    update = ProgressUpdate.objects.get(narrative="Pelatihan kader di Desa Oelbiteno selesai.")
    assert update.client_id is not None
    assert update.state == ProgressUpdate.State.SUBMITTED
    assert update.author == story.staf_a
    photo_kept = Evidence.objects.get(update=update)
    assert photo_kept.original_name == "foto-pelatihan.jpg"  # made smaller on the device, as a JPEG
    assert 0 < photo_kept.size <= CAP

    facilitator = browser.new_context().new_page()
    login(facilitator, live_server, "fasilitator")
    facilitator.goto(f"{live_server.url}/roadmap/review/")
    assert facilitator.locator(f"a[href$='/update/{update.pk}/review/']").count() == 1

    # A replayed draft (the same client id sent again) makes no second report.
    answer = page.evaluate(
        """async ([url, clientId, version]) => {
            const token = await (await fetch('/offline/token/')).json();
            const body = new FormData();
            for (const [k, v] of [['client_id', clientId], ['seen_version', version], ['new_status', 'in_progress'],
                                  ['progress', '70'], ['narrative', 'Dikirim ulang']]) body.append(k, v);
            const r = await fetch(url, {method: 'POST', body, headers: {'X-CSRFToken': token.csrf}});
            return [r.status, (await r.json()).status];
        }""",
        [f"/roadmap/milestone/{target.pk}/sync/", str(update.client_id), str(target.version)],
    )
    assert answer == [200, "already_saved"]
    assert ProgressUpdate.objects.filter(milestone=target).count() == 1


def test_a_milestone_changed_meanwhile_keeps_the_draft_with_a_message(story, page, live_server):
    from roadmap import actions
    from roadmap.models import ProgressUpdate

    login(page, live_server, "staf_a")
    open_my_milestones(page, live_server)
    target = story.milestones[2]
    count = ProgressUpdate.objects.filter(milestone=target).count()

    page.context.set_offline(True)
    write_offline(page, live_server, target, "Draf yang bertabrakan.")
    wait_for_count(page, 1)
    # Meanwhile the facilitator moves the milestone's due date.
    actions.do_revise_item(story.fasilitator, target, {"title": target.title + " (tahap 2)"}, "Cakupan diperluas")

    page.context.set_offline(False)
    card = page.locator("[data-testid=draft-list] [data-draft-status=conflict]")
    card.wait_for(timeout=60000)
    assert card.locator("[data-draft-message]").inner_text().strip()
    assert "Draf yang bertabrakan." in card.inner_text()  # the text is still there to copy
    assert draft_count(page) == 1
    assert ProgressUpdate.objects.filter(milestone=target).count() == count

    # The person checks the milestone and sends it again: now it goes through.
    card.locator("[data-retry]").click()
    wait_for_count(page, 0)
    assert ProgressUpdate.objects.filter(milestone=target, narrative="Draf yang bertabrakan.").count() == 1


def test_a_milestone_approved_done_meanwhile_is_refused_and_kept(story, page, live_server):
    from roadmap import actions
    from roadmap.models import ProgressUpdate

    login(page, live_server, "staf_a")
    open_my_milestones(page, live_server)
    target = story.milestones[1]  # has a submitted report waiting (story.submitted[0])

    page.context.set_offline(True)
    write_offline(page, live_server, target, "Draf untuk tonggak yang sudah selesai.")
    waiting = story.submitted[0]
    ProgressUpdate.objects.filter(pk=waiting.pk).update(new_status="done", progress=100)
    waiting.refresh_from_db()
    actions.do_approve_update(story.fasilitator, waiting)

    page.context.set_offline(False)
    card = page.locator("[data-testid=draft-list] [data-draft-status=conflict]")
    card.wait_for(timeout=60000)
    assert card.locator("[data-retry]").count() == 0  # a closed milestone takes no more reports
    assert card.locator("[data-discard]").count() == 1
    assert not ProgressUpdate.objects.filter(narrative="Draf untuk tonggak yang sudah selesai.").exists()


def test_logging_out_clears_the_device(story, page, live_server):
    login(page, live_server, "staf_a")
    open_my_milestones(page, live_server)
    assert page.evaluate("caches.keys().then(k => k.some(n => n.startsWith('kem-user-')))")
    page.locator("form[data-logout] button").evaluate("b => b.form.requestSubmit()")
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate("caches.keys().then(k => k.filter(n => n.startsWith('kem-user-')).length)") == 0
    databases = page.evaluate("indexedDB.databases().then(d => d.map(x => x.name))")
    assert "kemitraan-offline" not in databases


def test_client_ids_are_uuids_from_the_device(story, page, live_server):
    """crypto.randomUUID is available on the live server's origin (a secure context)."""
    login(page, live_server, "staf_a")
    value = page.evaluate("window.isSecureContext && crypto.randomUUID()")
    assert uuid.UUID(value).version == 4


def test_an_indicator_actual_written_offline_is_sent_back_online(story, page, live_server):
    import datetime

    from django.utils import timezone

    from partners.models import Program
    from results.actions import do_generate_periods
    from results.models import ReportingPeriod, Result
    from results.tests.factories import IndicatorFactory

    today = timezone.localdate()
    Program.objects.filter(pk=story.program.pk).update(
        start_date=datetime.date(today.year - 1, 1, 1), end_date=datetime.date(today.year + 1, 12, 31)
    )
    story.program.refresh_from_db()
    do_generate_periods(story.fasilitator, story.program)
    indicator = IndicatorFactory(outcome=story.outcome, code="HH-9", target_value=100, partners=[story.partner_a])
    period = ReportingPeriod.objects.filter(program=story.program, end__lt=today).order_by("-start").first()

    login(page, live_server, "staf_a")
    page.goto(f"{live_server.url}/results/my/")
    page.wait_for_selector("#offline-status[data-sw-controls]", state="attached", timeout=60000)
    page.wait_for_selector("#offline-status[data-pages-kept]", state="attached", timeout=60000)

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/results/indicator/{indicator.pk}/period/{period.pk}/report/")
    page.fill("input[name=value]", "37")
    page.fill("textarea[name=narrative]", "Dihitung dari daftar hadir posyandu.")
    page.locator("form[data-offline-form] button[name=submit]").click()
    page.wait_for_selector("[data-offline-notice].alert-success")
    wait_for_count(page, 1)
    assert not Result.objects.filter(indicator=indicator).exists()

    page.context.set_offline(False)
    wait_for_count(page, 0)
    result = Result.objects.get(indicator=indicator, period=period)
    assert result.value == 37
    assert result.state == Result.State.SUBMITTED
    assert result.client_id is not None
