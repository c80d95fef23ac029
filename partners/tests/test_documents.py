"""The document library (issue 14, item 3): who sees and adds what, versions, refusals, queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.forms import issue_form_token
from partners import actions
from partners.models import Activity, Document, DocumentVersion, Program
from partners.quota import used_bytes
from partners.tests.conftest import PDF_BYTES, PNG_BYTES
from partners.tests.factories import MembershipFactory, ProgramPartnerFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def pdf(name="mou.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="foto.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def add(cast, *, actor=None, partner=None, visibility="program", kind="mou", title="MoU", upload=None, note=""):
    return actions.do_add_document(
        actor or cast.fasilitator,
        cast.program,
        kind=kind,
        title=title,
        date=TODAY,
        file=upload or pdf(),
        partner=partner,
        visibility=visibility,
        note=note,
    )


def list_url(program, query=""):
    return reverse("partners:document_list", args=[program.pk]) + query


def add_url(program, query=""):
    return reverse("partners:document_add", args=[program.pk]) + query


def detail_url(document):
    return reverse("partners:document_detail", args=[document.pk])


def version_url(document):
    return reverse("partners:document_version_add", args=[document.pk])


def download_url(version):
    return reverse("partners:document_download", args=[version.pk])


def form_data(**overrides):
    data = {
        "kind": "pks",
        "title": "PKS Pemberdayaan Ekonomi Desa",
        "date": "2026-02-14",
        "partner": "",
        "visibility": "program",
        "note": "",
        "file": pdf("pks.pdf"),
        "form_token": issue_form_token(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# Access matrix ---------------------------------------------------------------------------------


@pytest.fixture
def docs(cast):
    """A whole-program document, and one of partner A for the facilitators and partner A only."""
    public = add(cast, title="TOR Program", kind="tor")
    private = add(cast, title="PKS rahasia Mitra A", kind="pks", partner=cast.partner_a, visibility="partner")
    return public, private


@pytest.mark.parametrize(
    "who,sees_private",
    [
        ("fasilitator", True),
        ("admin", True),
        ("staf_a", True),
        ("lead_a", True),
        ("staf_b", False),
        ("lead_b", False),
        ("manajer", False),
    ],
)
def test_who_sees_which_document(cast, login, docs, who, sees_private):
    public, private = docs
    client = login(getattr(cast, who))
    listed = [d.title for d in client.get(list_url(cast.program)).context["documents"]]
    assert "TOR Program" in listed
    assert ("PKS rahasia Mitra A" in listed) is sees_private
    assert client.get(detail_url(public)).status_code == 200
    assert client.get(download_url(public.current_version)).status_code == 200
    expected = 200 if sees_private else 404
    assert client.get(detail_url(private)).status_code == expected
    assert client.get(download_url(private.current_version)).status_code == expected


def test_outsider_gets_404_everywhere(cast, login, docs):
    public, _private = docs
    client = login(cast.luar)
    for url in (
        list_url(cast.program),
        add_url(cast.program),
        detail_url(public),
        version_url(public),
        download_url(public.current_version),
    ):
        assert client.get(url).status_code == 404, url


def test_people_of_a_partner_that_left_lose_its_documents(cast, login, docs):
    _public, private = docs
    actions.do_mark_partner_left(cast.fasilitator, cast.partner_a, left_on=TODAY, reason="Program selesai")
    assert login(cast.staf_a).get(detail_url(private)).status_code == 404


@pytest.mark.parametrize(
    "who,status",
    [("fasilitator", 200), ("admin", 200), ("lead_a", 200), ("staf_a", 200), ("manajer", 403)],
)
def test_who_may_open_the_upload_form(cast, login, who, status):
    assert login(getattr(cast, who)).get(add_url(cast.program)).status_code == status


def test_manager_cannot_post_a_document(cast, login):
    response = login(cast.manajer).post(add_url(cast.program), form_data())
    assert response.status_code == 403
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "who,status",
    [("fasilitator", 200), ("staf_a", 200), ("lead_a", 200), ("staf_b", 403), ("manajer", 403)],
)
def test_who_may_add_a_version_of_a_partner_document(cast, login, who, status):
    document = add(cast, partner=cast.partner_a)
    assert login(getattr(cast, who)).get(version_url(document)).status_code == status


def test_partner_people_cannot_add_versions_to_program_documents(cast, login):
    document = add(cast)
    assert login(cast.lead_a).get(version_url(document)).status_code == 403
    response = login(cast.staf_a).post(version_url(document), {"file": pdf(), "form_token": issue_form_token()})
    assert response.status_code == 403
    assert document.versions.count() == 1


def test_partner_only_document_of_another_partner_is_404_for_a_version_too(cast, login, docs):
    _public, private = docs
    assert login(cast.staf_b).post(version_url(private), {"file": pdf()}).status_code == 404


# Upload ----------------------------------------------------------------------------------------


def test_facilitator_uploads_a_program_document(cast, login):
    response = login(cast.fasilitator).post(add_url(cast.program), form_data())
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(document)
    assert (document.kind, document.partner, document.visibility, document.created_by) == (
        "pks",
        None,
        "program",
        cast.fasilitator,
    )
    version = document.current_version
    assert (version.number, version.original_name, version.size) == (1, "pks.pdf", len(PDF_BYTES))
    assert version.file.name.endswith(".pdf")
    assert Activity.objects.filter(kind="document_added", label="PKS Pemberdayaan Ekonomi Desa").exists()


def test_partner_staff_upload_is_for_their_own_partner(cast, login):
    client = login(cast.staf_a)
    page = client.get(add_url(cast.program))
    assert [p.pk for p in page.context["form"].fields["partner"].queryset] == [cast.partner_a.pk]
    response = client.post(add_url(cast.program), form_data(partner=str(cast.partner_a.pk), visibility="partner"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.partner, document.visibility) == (cast.partner_a, "partner")


def test_partner_staff_cannot_upload_for_another_partner_or_the_program(cast, login):
    client = login(cast.staf_a)
    for partner in (str(cast.partner_b.pk), ""):
        response = client.post(add_url(cast.program), form_data(partner=partner))
        assert response.status_code == 200
        assert "partner" in response.context["form"].errors
    assert not Document.objects.exists()


def test_partner_only_document_needs_a_partner(cast, login):
    response = login(cast.fasilitator).post(add_url(cast.program), form_data(visibility="partner"))
    assert "partner" in response.context["form"].errors
    with pytest.raises(ValidationError):
        add(cast, visibility="partner")
    assert not Document.objects.exists()


def test_partner_only_documents_stay_out_of_the_activity_feed(cast):
    add(cast, title="PKS rahasia", partner=cast.partner_a, visibility="partner")
    assert not Activity.objects.filter(label__contains="rahasia").exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("mou.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"),
        SimpleUploadedFile("mou.exe", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf"),
    ],
)
def test_disguised_files_are_refused(cast, login, upload):
    response = login(cast.fasilitator).post(add_url(cast.program), form_data(file=upload))
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_a_photo_must_be_an_image(cast, login):
    client = login(cast.fasilitator)
    response = client.post(add_url(cast.program), form_data(kind="photo", file=pdf()))
    assert "file" in response.context["form"].errors
    response = client.post(add_url(cast.program), form_data(kind="photo", file=png()))
    assert response.status_code == 302
    assert Document.objects.get().current_version.original_name == "foto.png"


def test_oversized_file_is_refused_with_a_message(cast, login, settings):
    settings.MAX_UPLOAD_BYTES = 100
    big = pdf(content=PDF_BYTES + b"0" * 200)
    client = login(cast.fasilitator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(add_url(cast.program), form_data(file=big))
    assert "too large" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()


def test_file_over_the_storage_quota_saves_nothing(cast, login):
    Program.objects.filter(pk=cast.program.pk).update(storage_quota_mb=0)
    response = login(cast.fasilitator).post(add_url(cast.program), form_data())
    assert response.status_code == 200
    assert "penyimpanan" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_new_version_over_the_quota_is_refused_and_the_old_one_stays(cast, login):
    document = add(cast, partner=cast.partner_a)
    Program.objects.filter(pk=cast.program.pk).update(storage_quota_mb=0)
    response = login(cast.staf_a).post(version_url(document), {"file": pdf(), "form_token": issue_form_token()})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    document.refresh_from_db()
    assert (document.versions.count(), document.current_version.number) == (1, 1)


def test_documents_count_in_the_storage_quota(cast):
    before = used_bytes(cast.program.pk)
    document = add(cast)
    actions.do_add_document_version(cast.fasilitator, document, file=pdf())
    assert used_bytes(cast.program.pk) - before == 2 * len(PDF_BYTES)


def test_form_presets_from_the_query_string(cast, login):
    form = login(cast.fasilitator).get(add_url(cast.program, f"?kind=sk&partner={cast.partner_b.pk}")).context["form"]
    assert form.initial["kind"] == "sk"
    assert form.initial["partner"] == str(cast.partner_b.pk)


@pytest.mark.parametrize("query", ["?kind=nonsense", "?partner=9223372036854775808", "?partner=abc&kind="])
def test_bad_presets_are_ignored(cast, login, query):
    assert login(cast.fasilitator).get(add_url(cast.program, query)).status_code == 200


# Versions --------------------------------------------------------------------------------------


def test_a_new_version_keeps_the_old_one(cast, login):
    document = add(cast, partner=cast.partner_a, note="draf")
    first = document.current_version
    client = login(cast.lead_a)
    response = client.post(
        version_url(document),
        {
            "file": pdf("mou-ttd.pdf", PDF_BYTES + b"%signed\n"),
            "note": "Ditandatangani",
            "form_token": issue_form_token(),
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    second = document.current_version
    assert (second.number, second.note, second.uploaded_by, second.original_name) == (
        2,
        "Ditandatangani",
        cast.lead_a,
        "mou-ttd.pdf",
    )
    assert client.get(download_url(first)).getvalue() == PDF_BYTES
    assert client.get(download_url(second)).getvalue() == PDF_BYTES + b"%signed\n"
    page = client.get(detail_url(document))
    assert [v.number for v in page.context["versions"]] == [2, 1]
    listed = client.get(list_url(cast.program)).context["documents"]
    assert [d.current_version.number for d in listed] == [2]


def test_download_is_an_attachment_typed_by_content(cast, login):
    document = add(cast, upload=pdf("MoU Bappeda.pdf"))
    response = login(cast.staf_b).get(download_url(document.current_version))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert "MoU Bappeda.pdf" in response["Content-Disposition"]


def test_a_version_of_a_photo_must_be_an_image(cast, login):
    document = add(cast, kind="photo", upload=png())
    response = login(cast.fasilitator).post(version_url(document), {"file": pdf(), "form_token": issue_form_token()})
    assert response.context["form"].errors["file"]
    assert document.versions.count() == 1


# Double submit ---------------------------------------------------------------------------------


def test_double_submit_of_a_new_document_saves_it_once(cast, login):
    client = login(cast.fasilitator)
    token = issue_form_token()
    first = client.post(add_url(cast.program), form_data(form_token=token))
    second = client.post(add_url(cast.program), form_data(form_token=token))
    assert first.status_code == second.status_code == 302
    document = Document.objects.get()
    assert second["Location"] == detail_url(document)
    assert DocumentVersion.objects.count() == 1


def test_double_submit_of_a_new_version_saves_it_once(cast, login):
    document = add(cast)
    client = login(cast.fasilitator)
    token = issue_form_token()
    for _ in range(2):
        response = client.post(version_url(document), {"file": pdf(), "form_token": token})
        assert response.status_code == 302
    assert document.versions.count() == 2  # the first upload and one new version


# Filters and links -----------------------------------------------------------------------------


def test_list_filters_by_type_and_partner(cast, login):
    add(cast, kind="mou", title="MoU A", partner=cast.partner_a)
    add(cast, kind="sk", title="SK Tim", partner=None)
    add(cast, kind="mou", title="MoU B", partner=cast.partner_b)
    client = login(cast.fasilitator)

    def titles(query):
        return sorted(d.title for d in client.get(list_url(cast.program, query)).context["documents"])

    assert titles("?kind=mou") == ["MoU A", "MoU B"]
    assert titles(f"?partner={cast.partner_b.pk}") == ["MoU B"]
    assert titles(f"?kind=mou&partner={cast.partner_a.pk}") == ["MoU A"]
    assert titles("?kind=bogus&partner=9223372036854775808") == ["MoU A", "MoU B", "SK Tim"]


def test_program_and_organisation_pages_link_to_the_library(cast, login):
    client = login(cast.staf_a)
    html = client.get(reverse("partners:program_detail", args=[cast.program.pk])).content.decode()
    assert list_url(cast.program) in html
    assert f"{list_url(cast.program)}?partner={cast.partner_a.pk}" in html
    html = client.get(reverse("partners:organisation_detail", args=[cast.org_a.pk])).content.decode()
    assert f"{list_url(cast.program)}?partner={cast.partner_a.pk}" in html


# Leadership endorsement link -------------------------------------------------------------------


def test_endorsement_links_a_letter_from_the_library(cast, login):
    letter = add(cast, kind="endorsement", title="Surat restu Mitra A", partner=cast.partner_a, visibility="partner")
    add(cast, kind="endorsement", title="Surat restu Mitra B", partner=cast.partner_b)
    add(cast, kind="tor", title="TOR")
    client = login(cast.lead_a)
    url = reverse("partners:endorsement_edit", args=[cast.partner_a.pk])
    form = client.get(url).context["form"]
    assert [d.title for d in form.fields["endorsement_document"].queryset] == ["Surat restu Mitra A"]
    response = client.post(
        url,
        {
            "endorsement_status": "endorsed",
            "endorsed_by_name": "Ibu Direktur",
            "endorsed_on": "2026-01-10",
            "endorsement_document": str(letter.pk),
        },
    )
    assert response.status_code == 302
    cast.partner_a.refresh_from_db()
    assert cast.partner_a.endorsement_document == letter
    program_url = reverse("partners:program_detail", args=[cast.program.pk])
    assert detail_url(letter) in client.get(program_url).content.decode()
    # Partner B's people do not see a partner-only letter, so the program page shows them no link.
    assert detail_url(letter) not in login(cast.staf_b).get(program_url).content.decode()


def test_endorsement_refuses_another_partners_letter(cast, login):
    other = add(cast, kind="endorsement", title="Surat restu Mitra B", partner=cast.partner_b)
    url = reverse("partners:endorsement_edit", args=[cast.partner_a.pk])
    response = login(cast.fasilitator).post(
        url, {"endorsement_status": "requested", "endorsement_document": str(other.pk)}
    )
    assert response.status_code == 200
    assert "endorsement_document" in response.context["form"].errors


def test_upload_the_letter_shortcut_comes_back_with_the_document_picked(cast, login):
    client = login(cast.lead_a)
    edit_url = reverse("partners:endorsement_edit", args=[cast.partner_a.pk])
    page = client.get(edit_url)
    shortcut = page.context["document_upload_url"]
    assert "kind=endorsement" in shortcut
    response = client.post(
        shortcut,
        form_data(kind="endorsement", title="Surat restu", partner=str(cast.partner_a.pk), visibility="partner"),
    )
    document = Document.objects.get()
    assert response["Location"] == f"{edit_url}?document={document.pk}"
    form = client.get(response["Location"]).context["form"]
    assert str(form["endorsement_document"].value()) == str(document.pk)


def test_next_to_another_site_is_ignored(cast, login):
    response = login(cast.fasilitator).post(add_url(cast.program, "?next=//evil.example/x"), form_data())
    assert response["Location"] == detail_url(Document.objects.get())


# Query counts ----------------------------------------------------------------------------------


def _more_documents(cast, count):
    for index in range(count):
        partner = ProgramPartnerFactory(program=cast.program)
        MembershipFactory(program=cast.program, partner=partner, role="partner_staff")
        document = add(cast, title=f"Laporan {index}", kind="report", partner=partner)
        actions.do_add_document_version(cast.fasilitator, document, file=pdf())
        add(cast, title=f"Foto {index}", kind="photo", upload=png(), partner=cast.partner_a, visibility="partner")


# Partner people cost one query more on every page (their organisation in the navbar).
@pytest.mark.parametrize("who,extra", [("fasilitator", 0), ("staf_a", 1)])
def test_list_query_count_is_constant(cast, login, django_assert_num_queries, who, extra):
    client = login(getattr(cast, who))
    url = list_url(cast.program, f"?kind=&partner={cast.partner_a.pk}")
    _more_documents(cast, 1)
    with django_assert_num_queries(12 + extra):
        client.get(url)
    _more_documents(cast, 4)
    with django_assert_num_queries(12 + extra):
        response = client.get(url)
    assert len(response.context["documents"]) == 5
    with django_assert_num_queries(11 + extra):  # no partner to look up
        response = client.get(list_url(cast.program))
    assert len(response.context["documents"]) == 10


def test_detail_query_count_is_constant(cast, login, django_assert_num_queries):
    document = add(cast, partner=cast.partner_a)
    client = login(cast.staf_a)
    with django_assert_num_queries(10):
        client.get(detail_url(document))
    for _ in range(5):
        actions.do_add_document_version(cast.lead_a, document, file=pdf())
    with django_assert_num_queries(10):
        response = client.get(detail_url(document))
    assert len(response.context["versions"]) == 6


def test_upload_form_pages_query_count_is_constant(cast, login, django_assert_num_queries):
    """The partner choices and the endorsement's letter choices grow with the program; the queries do not."""
    document = add(cast, partner=cast.partner_a)
    client = login(cast.fasilitator)
    pages = [
        add_url(cast.program),
        version_url(document),
        reverse("partners:endorsement_edit", args=[cast.partner_a.pk]),
    ]
    counts = []
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    _more_documents(cast, 4)
    for _ in range(3):
        add(cast, kind="endorsement", partner=cast.partner_a, title="Surat restu")
        actions.do_add_document_version(cast.fasilitator, document, file=pdf())
    for url, count in zip(pages, counts, strict=True):
        with django_assert_num_queries(count):
            client.get(url)


def test_translated_page_in_both_languages(cast, login, settings):
    add(cast, kind="pks", title="PKS")
    client = login(cast.fasilitator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    html = client.get(list_url(cast.program)).content.decode()
    assert "Perjanjian kerja sama (PKS)" in html
    assert "Tambah dokumen" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(list_url(cast.program)).content.decode()
    assert "Cooperation agreement (PKS)" in html
    assert "Add a document" in html


def test_document_dates_use_timezone_today_by_default(cast, login):
    form = login(cast.fasilitator).get(add_url(cast.program)).context["form"]
    assert form["date"].value() == timezone.localdate()
