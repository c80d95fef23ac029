"""A program's files fit in its storage quota (issue 12, item 12).

Usage is the SUM of the sizes kept on the rows (evidence, endorsement letters), one query. An
upload that would pass the quota, or a report with too many files, is refused with a clear message
and saves nothing: no row, no file on disk. The facilitator sees the usage on the program page.
"""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from partners.models import ProgramPartner
from partners.panels import storage_panel
from partners.quota import MB, check_quota, storage_usage, used_bytes
from partners.tests.factories import ProgramPartnerFactory
from roadmap import actions
from roadmap.models import Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REPORT = {"new_status": "in_progress", "progress": "50", "narrative": "Pelatihan selesai."}
ENDORSEMENT = {
    "endorsement_status": "endorsed",
    "endorsed_by_name": "Ibu Direktur",
    "endorsed_by_title": "Direktur Eksekutif",
    "endorsed_on": "2026-01-15",
}


def pdf(size, name="bukti.pdf"):
    return SimpleUploadedFile(name, PDF + b"0" * (size - len(PDF)), content_type="application/pdf")


def stored_files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def fill(world, size):
    """Evidence already taking `size` bytes of the cast's program (the row is what counts)."""
    return Evidence.objects.create(
        update=world.update, file="evidence/2026/old.pdf", original_name="old.pdf", size=size
    )


# Usage: one query over every source ---------------------------------------------------------


def test_usage_sums_evidence_and_letters_of_the_program_only(world, django_assert_num_queries):
    fill(world, 3 * MB)
    fill(world, 1 * MB)
    ProgramPartner.objects.filter(pk=world.partner_a.pk).update(endorsement_letter_size=MB // 2)
    ProgramPartnerFactory(endorsement_letter_size=7 * MB)  # another program's letter does not count
    with django_assert_num_queries(1):
        assert used_bytes(world.program.pk) == 4 * MB + MB // 2


def test_quota_is_the_setting_unless_the_program_has_its_own(world, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 500
    assert storage_usage(world.program)["quota"] == 500 * MB
    world.program.storage_quota_mb = 50
    assert storage_usage(world.program)["quota"] == 50 * MB


def test_check_quota_counts_what_a_replaced_file_frees(world, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 1
    fill(world, MB - 100)
    check_quota(world.program, 100)
    with pytest.raises(ValidationError) as excinfo:
        check_quota(world.program, 101)
    assert excinfo.value.code == "quota"
    check_quota(world.program, 300, freeing=200)


# Refusals save nothing ------------------------------------------------------------------------


def test_evidence_over_the_quota_is_refused_and_nothing_is_saved(world, login, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 1
    fill(world, 900 * 1024)
    before = stored_files(settings)
    response = login(world.staf_a).post(
        reverse("roadmap:update_create", args=[world.milestone.pk]), {**REPORT, "evidence": pdf(200 * 1024)}
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert "0,9 MB" in errors[0] and "1,0 MB" in errors[0]  # the usage and the limit, in Indonesian
    assert ProgressUpdate.objects.get() == world.update  # no new report
    assert Evidence.objects.get().original_name == "old.pdf"  # no new evidence row
    assert stored_files(settings) == before  # and no file on disk


def test_message_in_english_says_usage_and_limit(world, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 1
    fill(world, 900 * 1024)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        check_quota(world.program, 200 * 1024)
    message = excinfo.value.messages[0]
    assert "It uses 0.9 MB of its 1.0 MB" in message
    assert "these files need 0.2 MB" in message


def test_a_program_given_more_space_takes_the_same_upload(world, login, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 1
    fill(world, 900 * 1024)
    world.program.storage_quota_mb = 2
    world.program.save()
    response = login(world.staf_a).post(
        reverse("roadmap:update_create", args=[world.milestone.pk]), {**REPORT, "evidence": pdf(200 * 1024)}
    )
    assert response.status_code == 302
    assert Evidence.objects.filter(update__milestone=world.milestone, size=200 * 1024).count() == 1


def test_several_files_are_refused_together_when_only_some_would_fit(world, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 1
    files = [pdf(400 * 1024, f"bukti-{i}.pdf") for i in range(3)]
    with pytest.raises(ValidationError) as excinfo:
        actions.do_save_update(
            world.staf_a, world.milestone, new_status="in_progress", progress=10, narrative="x", files=files
        )
    assert excinfo.value.code == "quota"
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_endorsement_letter_over_the_quota_is_refused_and_nothing_is_saved(world, login, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 1
    fill(world, 900 * 1024)
    before = stored_files(settings)
    url = reverse("partners:endorsement_edit", args=[world.partner_a.pk])
    response = login(world.lead_a).post(url, {**ENDORSEMENT, "letter": pdf(200 * 1024, "restu.pdf")})
    assert response.status_code == 200
    assert "1,0 MB" in " ".join(response.context["form"].errors["letter"])
    partner = ProgramPartner.objects.get(pk=world.partner_a.pk)
    assert not partner.endorsement_letter and partner.endorsement_letter_size == 0
    assert partner.endorsed_by_name == ""  # the rest of the form is not half-saved either
    assert stored_files(settings) == before


def test_replacing_a_letter_only_needs_room_for_the_difference(world, login, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 1
    url = reverse("partners:endorsement_edit", args=[world.partner_a.pk])
    client = login(world.lead_a)
    assert client.post(url, {**ENDORSEMENT, "letter": pdf(600 * 1024, "restu.pdf")}).status_code == 302
    assert client.post(url, {**ENDORSEMENT, "letter": pdf(700 * 1024, "restu-2.pdf")}).status_code == 302
    assert used_bytes(world.program.pk) == 700 * 1024


# Files per progress report ----------------------------------------------------------------------


def test_too_many_files_in_one_form_are_refused(world, login, settings):
    settings.MAX_EVIDENCE_FILES_PER_REPORT = 3
    files = [pdf(100, f"bukti-{i}.pdf") for i in range(4)]
    response = login(world.staf_a).post(
        reverse("roadmap:update_create", args=[world.milestone.pk]), {**REPORT, "evidence": files}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"]
    assert not ProgressUpdate.objects.filter(milestone=world.milestone).exists()
    assert stored_files(settings) == []


def test_a_draft_cannot_grow_past_the_cap_over_several_saves(world, settings):
    settings.MAX_EVIDENCE_FILES_PER_REPORT = 3
    save = actions.do_save_update
    update = save(
        world.staf_a, world.milestone, new_status="in_progress", progress=10, narrative="x", files=[pdf(100)] * 2
    )
    before = stored_files(settings)
    with pytest.raises(ValidationError) as excinfo:
        save(
            world.staf_a,
            world.milestone,
            new_status="in_progress",
            progress=20,
            narrative="y",
            files=[pdf(100, "a.pdf"), pdf(100, "b.pdf")],
            update=update,
        )
    assert excinfo.value.code == "too_many_files"
    assert update.evidence.count() == 2 and stored_files(settings) == before
    update.refresh_from_db()
    assert update.progress == 10  # the edit rolled back with the files


def test_more_files_than_the_request_parser_takes_is_a_400_not_a_500(world, login, settings):
    files = [pdf(100, f"bukti-{i}.pdf") for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = login(world.staf_a).post(
        reverse("roadmap:update_create", args=[world.milestone.pk]), {**REPORT, "evidence": files}
    )
    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()


# The panel on the program page ------------------------------------------------------------------


def program_page(client, world):
    return client.get(reverse("partners:program_detail", args=[world.program.pk]))


def test_facilitator_sees_usage_and_quota_on_the_program_page(world, login, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 10
    fill(world, 5 * MB)
    html = program_page(login(world.fasilitator), world).content.decode()
    assert 'data-panel="storage"' in html
    assert "5,0 MB" in html and "10,0 MB" in html
    assert 'aria-valuenow="50"' in html and "width: 50%" in html


def test_admin_sees_the_panel_too(world, login):
    assert 'data-panel="storage"' in program_page(login(world.admin), world).content.decode()


@pytest.mark.parametrize("who", ["staf_a", "lead_a", "staf_b", "manajer"])
def test_partner_people_and_the_manager_do_not_see_the_panel(world, login, who):
    response = program_page(login(getattr(world, who)), world)
    assert response.status_code == 200
    assert 'data-panel="storage"' not in response.content.decode()


def test_panel_runs_one_query_whatever_the_program_holds(world, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = world.fasilitator
    program = world.program
    program.membership = world.fasilitator.memberships.get(program=program)
    with django_assert_num_queries(1):
        small = storage_panel(request, program)
    for _ in range(5):
        fill(world, MB)
        ProgramPartnerFactory(program=program, endorsement_letter_size=MB)
    with django_assert_num_queries(1):
        large = storage_panel(request, program)
    assert large["usage"]["used"] - small["usage"]["used"] == 10 * MB


# 30: the results panel reads the program's indicators (one query when it has none);
# issue 15 adds 4: the lessons panel (1) and who holds the facilitation (institution, facilitators,
# the last hand-over: 3); the document library's panel 1; 40: the program's places (regencies,
# districts, villages: 3, issue 14 item 4) and the institutional-strengthening and recognition
# panels (2, issue 15 items 10 and 13).
def test_facilitator_program_page_query_count_is_constant(world, login, django_assert_num_queries):
    client = login(world.fasilitator)
    fill(world, MB)
    with django_assert_num_queries(40):
        program_page(client, world)
    for _ in range(5):
        fill(world, MB)
        ProgramPartnerFactory(program=world.program, endorsement_letter_size=MB)
    with django_assert_num_queries(40):
        program_page(client, world)


# Sizes of files stored before the size columns ----------------------------------------------------


def test_data_migrations_backfill_sizes_from_storage(world):
    evidence = world.evidence  # a real file on disk
    Evidence.objects.filter(pk=evidence.pk).update(size=0)
    gone = Evidence.objects.create(update=world.update, file="evidence/2025/gone.pdf", original_name="gone.pdf")
    partner = world.partner_with_letter
    ProgramPartner.objects.filter(pk=partner.pk).update(endorsement_letter_size=0)
    for module in (
        "roadmap.migrations.0004_backfill_evidence_size",
        "partners.migrations.0004_backfill_endorsement_letter_size",
    ):
        importlib.import_module(module).backfill(apps, None)
    assert Evidence.objects.get(pk=evidence.pk).size == evidence.file.size > 0
    assert Evidence.objects.get(pk=gone.pk).size == 0  # the file is gone: nothing to count
    assert ProgramPartner.objects.get(pk=partner.pk).endorsement_letter_size == partner.endorsement_letter.size > 0
