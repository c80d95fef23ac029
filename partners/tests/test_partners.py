import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Activity, Membership, ProgramPartner
from partners.tests.conftest import PDF_BYTES, PNG_BYTES
from partners.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def endorsement_url(partner):
    return reverse("partners:endorsement_edit", args=[partner.pk])


def endorsement_data(**overrides):
    data = {
        "endorsement_status": "endorsed",
        "endorsed_by_name": "Bapak Yosef Lake",
        "endorsed_by_title": "Direktur Eksekutif",
        "endorsed_on": "2026-10-01",
    }
    data.update(overrides)
    return data


# Adding a partner -----------------------------------------------------------------------------


def test_facilitator_adds_a_partner(cast, login):
    org = OrganisationFactory(name="Universitas Nusa Cendana", sector="academia")
    url = reverse("partners:partner_add", args=[cast.program.pk])
    client = login(cast.fasilitator)
    search = reverse("partners:partner_search", args=[cast.program.pk])
    assert client.get(search, {"q": "i"}).context["matches"] == []  # one letter: nothing yet
    # "Yayasan Mitra A" and "PT Mitra B" are already partners, so they are not offered.
    assert client.get(search, {"q": "yayasan mitra"}).context["matches"] == []
    assert [pk for pk, _name in client.get(search, {"q": "nusa"}).context["matches"]] == [org.pk]
    response = client.post(url, {"organisation": org.pk, "role": "technical", "own_goals": "Riset terapan"})
    assert response.status_code == 302
    partner = ProgramPartner.objects.get(program=cast.program, organisation=org)
    assert (partner.role, partner.own_goals, partner.endorsement_status) == ("technical", "Riset terapan", "requested")
    assert Activity.objects.filter(program=cast.program, kind="partner_added", label=org.name).exists()


def test_adding_the_same_organisation_twice_is_a_form_error(cast, login):
    url = reverse("partners:partner_add", args=[cast.program.pk])
    response = login(cast.fasilitator).post(url, {"organisation": cast.org_a.pk, "role": "technical"})
    assert response.status_code == 200
    (error,) = response.context["form"].errors.as_data()["organisation"]
    assert error.code == "already_partner" and "Yayasan Mitra A" in error.messages[0]
    assert ProgramPartner.objects.filter(program=cast.program).count() == 2


@pytest.mark.parametrize("who", ["manajer", "lead_a", "staf_a"])
def test_partner_add_refused_to_non_facilitators(cast, login, who):
    org = OrganisationFactory()
    url = reverse("partners:partner_add", args=[cast.program.pk])
    assert login(getattr(cast, who)).post(url, {"organisation": org.pk, "role": "other"}).status_code == 403
    assert not ProgramPartner.objects.filter(organisation=org).exists()


def test_partner_add_outsider_404(cast, login):
    url = reverse("partners:partner_add", args=[cast.program.pk])
    assert login(cast.luar).get(url).status_code == 404


# Editing a partner ----------------------------------------------------------------------------


def test_facilitator_edits_role_goals_and_funder_flag(cast, login):
    url = reverse("partners:partner_edit", args=[cast.partner_a.pk])
    response = login(cast.fasilitator).post(
        url, {"role": "lead", "own_goals": "Perluasan layanan", "is_initial_funder": "on", "joined_on": "2026-01-05"}
    )
    assert response.status_code == 302
    cast.partner_a.refresh_from_db()
    assert cast.partner_a.role == "lead" and cast.partner_a.is_initial_funder
    assert cast.partner_a.joined_on == datetime.date(2026, 1, 5)
    assert Activity.objects.filter(kind="partner_updated").count() == 1


def test_partner_lead_edits_only_own_goals(cast, login):
    url = reverse("partners:partner_edit", args=[cast.partner_a.pk])
    client = login(cast.lead_a)
    assert set(client.get(url).context["form"].fields) == {"own_goals"}
    client.post(url, {"own_goals": "Reputasi di NTT", "role": "lead", "is_initial_funder": "on"})
    cast.partner_a.refresh_from_db()
    assert cast.partner_a.own_goals == "Reputasi di NTT"
    assert cast.partner_a.role == "implementing" and not cast.partner_a.is_initial_funder


@pytest.mark.parametrize("who", ["lead_b", "staf_a", "manajer"])
def test_partner_edit_refused_to_others(cast, login, who):
    url = reverse("partners:partner_edit", args=[cast.partner_a.pk])
    assert login(getattr(cast, who)).post(url, {"own_goals": "x"}).status_code == 403
    cast.partner_a.refresh_from_db()
    assert cast.partner_a.own_goals == ""


def test_partner_edit_outsider_404(cast, login):
    assert login(cast.luar).get(reverse("partners:partner_edit", args=[cast.partner_a.pk])).status_code == 404


# Leadership endorsement -----------------------------------------------------------------------


def test_lead_records_own_endorsement_with_pdf_letter(cast, login, settings):
    letter = SimpleUploadedFile("Surat Restu.pdf", PDF_BYTES, content_type="application/pdf")
    response = login(cast.lead_a).post(endorsement_url(cast.partner_a), {**endorsement_data(), "letter": letter})
    assert response.status_code == 302
    partner = ProgramPartner.objects.get(pk=cast.partner_a.pk)
    assert partner.endorsement_status == "endorsed"
    assert (partner.endorsed_by_name, partner.endorsed_by_title) == ("Bapak Yosef Lake", "Direktur Eksekutif")
    assert partner.endorsement_letter_name == "Surat Restu.pdf"
    # Stored under a generated name outside the web root, never the user's file name.
    assert partner.endorsement_letter.name.startswith("endorsements/")
    assert "Surat" not in partner.endorsement_letter.name
    assert (settings.PRIVATE_MEDIA_ROOT / partner.endorsement_letter.name).read_bytes() == PDF_BYTES
    assert Activity.objects.filter(program=cast.program, kind="endorsement_updated").exists()


def test_image_letter_gets_the_extension_of_its_content(cast, login):
    letter = SimpleUploadedFile("scan.pdf", PNG_BYTES, content_type="application/pdf")
    login(cast.fasilitator).post(endorsement_url(cast.partner_b), {**endorsement_data(), "letter": letter})
    partner = ProgramPartner.objects.get(pk=cast.partner_b.pk)
    assert partner.endorsement_letter.name.endswith(".png")
    assert partner.endorsement_letter_name == "scan.png"


def test_replacing_the_letter_removes_the_old_file(cast, login, settings, django_capture_on_commit_callbacks):
    client = login(cast.fasilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            endorsement_url(cast.partner_a), {**endorsement_data(), "letter": SimpleUploadedFile("a.pdf", PDF_BYTES)}
        )
    first = ProgramPartner.objects.get(pk=cast.partner_a.pk).endorsement_letter.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            endorsement_url(cast.partner_a), {**endorsement_data(), "letter": SimpleUploadedFile("b.png", PNG_BYTES)}
        )
    second = ProgramPartner.objects.get(pk=cast.partner_a.pk).endorsement_letter.name
    assert first != second
    assert not (settings.PRIVATE_MEDIA_ROOT / first).exists()
    assert (settings.PRIVATE_MEDIA_ROOT / second).exists()


def _assert_nothing_saved(partner, settings):
    partner = ProgramPartner.objects.get(pk=partner.pk)
    assert partner.endorsement_status == "endorsed" and partner.endorsed_by_name == ""
    assert not partner.endorsement_letter
    assert not (settings.PRIVATE_MEDIA_ROOT / "endorsements").exists()
    assert not Activity.objects.filter(kind="endorsement_updated").exists()


def test_wrong_type_letter_is_refused_and_nothing_saved(cast, login, settings):
    fake = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 this is really a program", content_type="application/pdf")
    data = {**endorsement_data(endorsement_status="declined", endorsed_by_name="Orang Lain"), "letter": fake}
    response = login(cast.lead_a).post(endorsement_url(cast.partner_a), data)
    assert response.status_code == 200
    assert response.context["form"].errors["letter"] == [
        "Jenis berkas ini tidak diizinkan. Jenis yang diizinkan: GIF, JPG, PDF, PNG, WEBP."
    ]
    assert "Tidak ada yang disimpan" in response.content.decode()
    _assert_nothing_saved(cast.partner_a, settings)


def test_oversized_letter_is_refused_and_nothing_saved(cast, login, settings):
    big = SimpleUploadedFile("besar.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    client = login(cast.fasilitator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(endorsement_url(cast.partner_a), {**endorsement_data(endorsed_by_name="X"), "letter": big})
    assert response.status_code == 200
    assert response.context["form"].errors["letter"] == ["The file is too large (10.0 MB). The limit is 10 MB."]
    assert "Nothing was saved" in response.content.decode()
    _assert_nothing_saved(cast.partner_a, settings)


def test_endorsed_status_needs_name_and_date(cast, login):
    response = login(cast.fasilitator).post(
        endorsement_url(cast.partner_a), endorsement_data(endorsed_by_name="", endorsed_on="")
    )
    assert set(response.context["form"].errors) == {"endorsed_by_name", "endorsed_on"}


@pytest.mark.parametrize("who", ["lead_b", "staf_a", "manajer"])
def test_endorsement_edit_refused(cast, login, who, settings):
    letter = SimpleUploadedFile("a.pdf", PDF_BYTES)
    response = login(getattr(cast, who)).post(endorsement_url(cast.partner_a), {**endorsement_data(), "letter": letter})
    assert response.status_code == 403
    _assert_nothing_saved(cast.partner_a, settings)


def test_endorsement_edit_outsider_404(cast, login):
    assert login(cast.luar).get(endorsement_url(cast.partner_a)).status_code == 404


def test_letter_download_is_access_checked(cast, login):
    login(cast.lead_a).post(
        endorsement_url(cast.partner_a), {**endorsement_data(), "letter": SimpleUploadedFile("Restu.pdf", PDF_BYTES)}
    )
    url = reverse("partners:endorsement_letter", args=[cast.partner_a.pk])
    response = login(cast.manajer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Restu.pdf"' in response["Content-Disposition"]
    assert login(cast.staf_b).get(url).status_code == 200  # every member of the program may read it
    assert login(cast.luar).get(url).status_code == 404


def test_letter_download_without_letter_is_404(cast, login):
    url = reverse("partners:endorsement_letter", args=[cast.partner_a.pk])
    assert login(cast.fasilitator).get(url).status_code == 404


# People in a program --------------------------------------------------------------------------


def member_url(cast):
    return reverse("partners:member_add", args=[cast.program.pk])


def test_facilitator_assigns_partner_staff_to_their_organisation(cast, login):
    person = UserFactory(username="baru_a", role="partner_staff", organisation=cast.org_a)
    response = login(cast.fasilitator).post(
        member_url(cast), {"user": person.pk, "role": "partner_staff", "partner": cast.partner_a.pk}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert (membership.program, membership.partner) == (cast.program, cast.partner_a)
    assert Activity.objects.filter(kind="member_added", program=cast.program).exists()


def test_facilitator_assigns_a_manager(cast, login):
    person = UserFactory(username="manajer2", role="manager")
    login(cast.fasilitator).post(member_url(cast), {"user": person.pk, "role": "manager", "partner": ""})
    assert Membership.objects.get(user=person).role == "manager"


@pytest.mark.parametrize(
    "role,partner_attr,user_role,error_field",
    [
        ("partner_staff", "partner_b", "partner_staff", "partner"),  # other organisation's partner row
        ("partner_staff", None, "partner_staff", "partner"),  # no partner
        ("manager", "partner_a", "partner_staff", "partner"),  # partner on a non-partner role
        ("partner_lead", "partner_a", "manager", "role"),  # a manager cannot be a partner lead
    ],
)
def test_membership_rules_are_form_errors(cast, login, role, partner_attr, user_role, error_field):
    person = UserFactory(username="orang", role=user_role, organisation=cast.org_a if "partner" in user_role else None)
    partner = getattr(cast, partner_attr).pk if partner_attr else ""
    response = login(cast.fasilitator).post(member_url(cast), {"user": person.pk, "role": role, "partner": partner})
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert not Membership.objects.filter(user=person).exists()


# A partner lead may add people of their own organisation (issue 15, item 9: test_partner_people.py).
@pytest.mark.parametrize("who", ["manajer", "staf_a"])
def test_member_add_refused(cast, login, who):
    person = UserFactory(username="orang", role="partner_staff", organisation=cast.org_a)
    response = login(getattr(cast, who)).post(
        member_url(cast), {"user": person.pk, "role": "partner_staff", "partner": cast.partner_a.pk}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=person).exists()


def test_member_add_outsider_404(cast, login):
    assert login(cast.luar).get(member_url(cast)).status_code == 404
