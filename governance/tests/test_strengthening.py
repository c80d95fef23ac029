"""Issue 15, item 10: institutional strengthening. The policies, procedures and systems a partner
adopted through the partnership, recorded by the facilitator or the partner's own lead, shown on the
partner and program pages and in the program report (not on the public page)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.actions import do_record_institutional_change
from governance.models import InstitutionalChange
from partners.tests.factories import ProgramPartnerFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fields(partner, **extra):
    return {
        "partner": partner,
        "kind": "policy",
        "title": "Perbup No. 12/2026 tentang Pendataan Terpadu Keluarga Miskin",
        "description": "Dinas Sosial memakai satu basis data bersama desa untuk penyaluran bantuan.",
        "adopted_on": datetime.date(2026, 9, 1),
        **extra,
    }


def post_data(partner, **extra):
    data = fields(partner, **extra)
    data["partner"] = partner.pk
    data["adopted_on"] = data["adopted_on"].isoformat()
    return data


def make(cast, partner=None, **extra):
    return do_record_institutional_change(cast.fasilitator, cast.program, **fields(partner or cast.partner_a, **extra))


def test_facilitator_records_with_a_document_and_everyone_sees_it(cast, login):
    url = reverse("governance:strengthening_create", args=[cast.program.pk])
    document = SimpleUploadedFile("perbup 12.pdf", PDF, content_type="application/pdf")
    response = login(cast.fasilitator).post(url, {**post_data(cast.partner_b), "document": document})
    assert response.status_code == 302
    change = InstitutionalChange.objects.get()
    assert change.partner == cast.partner_b and change.recorded_by == cast.fasilitator
    assert change.document_size == len(PDF) and change.document_name == "perbup 12.pdf"
    listing = login(cast.manajer).get(reverse("governance:strengthening", args=[cast.program.pk])).content.decode()
    assert "Perbup No. 12/2026" in listing
    download = login(cast.staf_a).get(reverse("governance:strengthening_document", args=[change.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    program_page = login(cast.staf_a).get(reverse("partners:program_detail", args=[cast.program.pk]))
    assert "Perbup No. 12/2026" in program_page.content.decode()
    org_page = login(cast.staf_a).get(reverse("partners:organisation_detail", args=[cast.org_b.pk]))
    assert "Perbup No. 12/2026" in org_page.content.decode()


def test_lead_records_for_own_partner_only(cast, login):
    url = reverse("governance:strengthening_create", args=[cast.program.pk])
    client = login(cast.lead_a)
    page = client.get(url)
    assert list(page.context["form"].fields["partner"].queryset) == [cast.partner_a]
    response = client.post(url, post_data(cast.partner_b))
    assert response.status_code == 200 and "partner" in response.context["form"].errors
    assert client.post(url, post_data(cast.partner_a, kind="procedure")).status_code == 302
    assert InstitutionalChange.objects.get().recorded_by == cast.lead_a
    with pytest.raises(ValidationError, match="own lead"):
        do_record_institutional_change(cast.lead_a, cast.program, **fields(cast.partner_b))


@pytest.mark.parametrize("who", ["staf_a", "manajer"])
def test_staff_and_managers_do_not_record(cast, login, who):
    url = reverse("governance:strengthening_create", args=[cast.program.pk])
    assert login(getattr(cast, who)).get(url).status_code == 403
    assert login(getattr(cast, who)).post(url, post_data(cast.partner_a)).status_code == 403
    with pytest.raises(ValidationError):
        do_record_institutional_change(getattr(cast, who), cast.program, **fields(cast.partner_a))
    assert not InstitutionalChange.objects.exists()


def test_refusals(cast, login):
    with pytest.raises(ValidationError, match="future"):
        make(cast, adopted_on=datetime.date.today() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="this program"):
        make(cast, partner=ProgramPartnerFactory())
    with pytest.raises(ValidationError, match="policy, procedure or system"):
        make(cast, kind="law")
    url = reverse("governance:strengthening_create", args=[cast.program.pk])
    html = SimpleUploadedFile("sop.pdf", b"<html><script>x</script></html>", content_type="application/pdf")
    response = login(cast.fasilitator).post(url, {**post_data(cast.partner_a), "document": html})
    assert response.status_code == 200 and response.context["form"].errors["document"]
    assert not InstitutionalChange.objects.exists()


def test_a_document_over_the_quota_saves_nothing(cast):
    cast.program.storage_quota_mb = 0
    cast.program.save()
    document = SimpleUploadedFile("sop.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError, match="storage is full"):
        make(cast, document=document)
    assert not InstitutionalChange.objects.exists()


def test_program_report_and_pdf_show_it_and_the_public_report_does_not(cast, login):
    from public.selectors import public_report
    from reports.selectors import build_program_report
    from reports.tables import program_tables

    make(cast)
    response = login(cast.manajer).get(reverse("reports:program", args=[cast.program.pk]))
    assert "Perbup No. 12/2026" in response.content.decode()
    period = response.context["report"].period
    report = build_program_report(cast.program, period)
    assert [c.title for c in report.strengthening] == [fields(cast.partner_a)["title"]]
    table = next(t for t in program_tables(report) if t.key == "strengthening")
    assert table.rows and table.rows[0][1] == "Yayasan Mitra A"
    assert public_report(cast.program, period).strengthening == []


def test_pdf_lists_it(cast):
    from django.template.loader import render_to_string

    from reports.forms import PeriodForm
    from reports.selectors import build_program_report

    make(cast)
    report = build_program_report(cast.program, PeriodForm({}).period_or_default())
    html = render_to_string(
        "reports/program_pdf.html", {"report": report, "program": cast.program, "period": report.period}
    )
    assert "Perbup No. 12/2026" in html


@pytest.mark.parametrize("who", ["fasilitator", "staf_b"])
def test_list_queries_are_constant(cast, login, django_assert_num_queries, who):
    client = login(getattr(cast, who))
    url = reverse("governance:strengthening", args=[cast.program.pk])
    make(cast)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for partner in (cast.partner_a, cast.partner_b) * 3:
        make(cast, partner=partner)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_form_page_queries_are_constant(cast, login, django_assert_num_queries):
    client = login(cast.fasilitator)
    url = reverse("governance:strengthening_create", args=[cast.program.pk])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for _ in range(4):
        ProgramPartnerFactory(program=cast.program)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
