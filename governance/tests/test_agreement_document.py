"""The partnering agreement links to its signed MoU or PKS in the document library (issue 14, item 3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.forms import issue_form_token
from governance.actions import do_link_agreement_document
from governance.models import PartneringAgreement
from partners.actions import do_add_document
from partners.models import Document, Program
from partners.tests.conftest import PDF_BYTES
from partners.tests.factories import ProgramPartnerFactory

pytestmark = pytest.mark.django_db


def document(cast, *, kind="mou", title="MoU Bappeda dan PT Mitra B", partner=None, visibility="program", program=None):
    return do_add_document(
        cast.fasilitator,
        program or cast.program,
        kind=kind,
        title=title,
        date=datetime.date(2026, 1, 20),
        file=SimpleUploadedFile("mou.pdf", PDF_BYTES),
        partner=partner,
        visibility=visibility,
    )


def link_url(program):
    return reverse("governance:agreement_document", args=[program.pk])


def page(program):
    return reverse("governance:agreement", args=[program.pk])


def test_facilitator_links_the_signed_mou(cast, login, full_agreement):
    mou = document(cast)
    document(cast, kind="tor", title="TOR")
    client = login(cast.fasilitator)
    form = client.get(link_url(cast.program)).context["form"]
    assert [d.title for d in form.fields["document"].queryset] == ["MoU Bappeda dan PT Mitra B"]
    response = client.post(link_url(cast.program), {"document": str(mou.pk)})
    assert response.status_code == 302
    full_agreement.refresh_from_db()
    assert full_agreement.document == mou
    assert full_agreement.version == 1  # linking the signed paper is no change of the agreed text
    html = login(cast.staf_b).get(page(cast.program)).content.decode()
    assert reverse("partners:document_detail", args=[mou.pk]) in html


def test_a_partner_only_document_is_not_linked_for_the_other_partners(cast, login, full_agreement):
    pks = document(cast, kind="pks", title="PKS rahasia", partner=cast.partner_a, visibility="partner")
    do_link_agreement_document(cast.fasilitator, cast.program, pks)
    detail = reverse("partners:document_detail", args=[pks.pk])
    assert detail in login(cast.lead_a).get(page(cast.program)).content.decode()
    html = login(cast.staf_b).get(page(cast.program)).content.decode()
    assert detail not in html
    assert "PKS rahasia" not in html


def test_only_an_mou_or_pks_of_the_program_is_taken(cast, full_agreement):
    with pytest.raises(ValidationError):
        do_link_agreement_document(cast.fasilitator, cast.program, document(cast, kind="tor"))
    other = ProgramPartnerFactory().program
    with pytest.raises(ValidationError):
        do_link_agreement_document(cast.fasilitator, cast.program, document(cast, program=other))
    assert PartneringAgreement.objects.get().document is None


def test_the_form_refuses_another_programs_document(cast, login, full_agreement):
    other = document(cast, program=ProgramPartnerFactory().program)
    response = login(cast.fasilitator).post(link_url(cast.program), {"document": str(other.pk)})
    assert response.status_code == 200
    assert "document" in response.context["form"].errors


def test_without_an_agreement_linking_is_refused_with_a_message(cast, login):
    mou = document(cast)
    response = login(cast.fasilitator).post(link_url(cast.program), {"document": str(mou.pk)})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not PartneringAgreement.objects.exists()


def test_closed_program_refused(cast, full_agreement):
    mou = document(cast)
    Program.objects.filter(pk=cast.program.pk).update(phase="closed")
    cast.program.refresh_from_db()
    with pytest.raises(ValidationError):
        do_link_agreement_document(cast.fasilitator, cast.program, mou)


@pytest.mark.parametrize("who,status", [("manajer", 403), ("lead_a", 403), ("staf_a", 403), ("luar", 404)])
def test_only_the_facilitator_links(cast, login, full_agreement, who, status):
    mou = document(cast)
    client = login(getattr(cast, who))
    assert client.get(link_url(cast.program)).status_code == status
    assert client.post(link_url(cast.program), {"document": str(mou.pk)}).status_code == status
    assert PartneringAgreement.objects.get().document is None


def test_upload_shortcut_comes_back_with_the_new_document_picked(cast, login, full_agreement):
    client = login(cast.fasilitator)
    shortcut = client.get(link_url(cast.program)).context["upload_url"]
    response = client.post(
        shortcut,
        {
            "kind": "mou",
            "title": "MoU ditandatangani",
            "date": "2026-01-20",
            "visibility": "program",
            "file": SimpleUploadedFile("mou.pdf", PDF_BYTES),
            "form_token": issue_form_token(),
        },
    )
    mou = Document.objects.get()
    assert response["Location"] == f"{link_url(cast.program)}?document={mou.pk}"
    form = client.get(response["Location"]).context["form"]
    assert str(form["document"].value()) == str(mou.pk)


def test_agreement_page_query_count_with_a_document(cast, login, full_agreement, django_assert_num_queries):
    do_link_agreement_document(cast.fasilitator, cast.program, document(cast))
    client = login(cast.manajer)
    with django_assert_num_queries(12):
        client.get(page(cast.program))
    for _ in range(3):
        ProgramPartnerFactory(program=cast.program)
        document(cast, kind="pks")
    with django_assert_num_queries(12):
        client.get(page(cast.program))


def test_link_page_query_count_is_constant(cast, login, full_agreement, django_assert_num_queries):
    client = login(cast.fasilitator)
    document(cast)
    with django_assert_num_queries(11):
        client.get(link_url(cast.program))
    for _ in range(4):
        document(cast, kind="pks")
    with django_assert_num_queries(11):
        client.get(link_url(cast.program))
