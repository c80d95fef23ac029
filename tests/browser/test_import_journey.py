"""The road-map import journey in a real Chromium: download the template, fill it, preview with one
bad row, fix it, apply, see the road map, and import the same file again to no effect."""

import io

import pytest
from openpyxl import load_workbook

from tests.browser.layout import main_action_visible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-demo-123"  # partners.tests.factories.UserFactory


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def fill(template_bytes, owner, due):
    """Write rows under the template's headers, the way a facilitator fills it in Excel."""
    book = load_workbook(io.BytesIO(template_bytes))
    sheet = book.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    for row in [
        ["capaian", "C1", "", "Pendapatan petani naik 20%", "", "", "", "", ""],
        ["keluaran", "K1", "C1", "Lumbung benih desa berjalan", "", "", "", "", ""],
        ["tonggak", "T1", "K1", "Lumbung benih dibangun", owner, "05/01/2026", due, "", ""],
        ["tonggak", "T2", "K1", "Panen pertama disimpan", owner, "2026-04-01", "30 Juni 2026", "T1", ""],
    ]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    page.set_input_files("input[type=file]", str(path))
    main_action_visible(page, "[data-testid=preview]").click()
    page.wait_for_load_state()


def test_facilitator_imports_a_road_map(world, page, live_server, tmp_path):
    from roadmap.models import Milestone, Outcome, Output, Revision

    program = world.program
    login(page, live_server, "fasilitator")
    page.goto(f"{live_server.url}/roadmap/program/{program.pk}/")
    main_action_visible(page, "[data-testid=import-roadmap]").click()
    page.wait_for_load_state()

    with page.expect_download() as download:
        main_action_visible(page, "[data-testid=template-xlsx]").click()
    template = open(download.value.path(), "rb").read()  # noqa: SIM115 - read once
    headers = [c.value for c in load_workbook(io.BytesIO(template)).worksheets[0][1]]
    assert headers[:2] == ["Jenis", "Kode"]  # the facilitator works in Bahasa Indonesia

    # One bad row: a due date that is not a date.
    upload(page, tmp_path, "peta-jalan.xlsx", fill(template, "Yayasan Mitra A", "akhir Maret"))
    page.locator("[data-testid=refused]").wait_for()
    bad = page.locator("tr[data-action=refuse]")
    assert bad.count() == 1
    assert "“akhir Maret” bukan tanggal" in bad.inner_text()
    assert page.locator("[data-testid=apply]").count() == 0
    assert Milestone.objects.filter(program=program).count() == 0

    # Fixed, previewed again, applied.
    page.go_back()
    page.wait_for_load_state()
    fixed = fill(template, "Yayasan Mitra A", "31 Maret 2026")
    upload(page, tmp_path, "peta-jalan.xlsx", fixed)
    assert page.locator("tr[data-action=create]").count() == 4
    main_action_visible(page, "[data-testid=apply]").click()
    page.wait_for_load_state()
    page.locator("[data-testid=applied]").wait_for()

    page.goto(f"{live_server.url}/roadmap/program/{program.pk}/")
    text = page.locator("main").inner_text()
    for title in (
        "Pendapatan petani naik 20%",
        "Lumbung benih desa berjalan",
        "Lumbung benih dibangun",
        "Panen pertama disimpan",
    ):
        assert title in text
    assert Milestone.objects.get(code="T2").depends_on.get().code == "T1"

    # The same file again: nothing to apply, nothing written.
    before = (Outcome.objects.count(), Output.objects.count(), Milestone.objects.count(), Revision.objects.count())
    page.goto(f"{live_server.url}/imports/program/{program.pk}/roadmap/")
    upload(page, tmp_path, "peta-jalan.xlsx", fixed)
    page.locator("[data-testid=nothing]").wait_for()
    assert page.locator("tr[data-action=unchanged]").count() == 4
    assert page.locator("[data-testid=apply]").count() == 0
    after = (Outcome.objects.count(), Output.objects.count(), Milestone.objects.count(), Revision.objects.count())
    assert after == before
