import datetime

import pytest
from django.urls import reverse

from core.timezones import abbreviation
from partners.models import Activity, District, Program, Province, Regency, Village
from partners.tests.factories import ContributionFactory, MembershipFactory, ProgramPartnerFactory

pytestmark = pytest.mark.django_db


def detail_url(program):
    return reverse("partners:program_detail", args=[program.pk])


def program_data(**overrides):
    data = {
        "name": "Pangan Lestari Maluku",
        "goal": "Menurunkan rawan pangan di 10 desa.",
        "description": "",
        "provinces": [Province.objects.get(code="81").pk],
        "start_date": "2027-01-01",
        "end_date": "2028-12-31",
        "is_emergency": "on",
    }
    data.update(overrides)
    return data


# List -----------------------------------------------------------------------------------------


def test_member_sees_their_programs_only(cast, login):
    response = login(cast.staf_a).get(reverse("partners:program_list"))
    assert response.status_code == 200
    names = [p.name for p in response.context["programs"]]
    assert names == ["Desa Sejahtera NTT"]
    assert not response.context["can_create"]


def test_admin_sees_every_program_and_may_create(cast, login):
    response = login(cast.admin).get(reverse("partners:program_list"))
    assert {p.name for p in response.context["programs"]} == {"Desa Sejahtera NTT", "Program Lain"}
    assert reverse("partners:program_create") in response.content.decode()


def test_program_list_counts_endorsed_partners(cast, login):
    cast.partner_b.endorsement_status = "requested"
    cast.partner_b.save()
    response = login(cast.fasilitator).get(reverse("partners:program_list"))
    program = response.context["programs"][0]
    assert (program.endorsed_count, program.partner_count) == (1, 2)


def test_program_list_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.fasilitator)
    with django_assert_num_queries(8):
        client.get(reverse("partners:program_list"))
    for _ in range(3):
        partner = ProgramPartnerFactory(program__name="Tambahan")
        partner.program.memberships.create(user=cast.fasilitator, role="facilitator")
        partner.program.provinces.add(Province.objects.get(code="52"))
    with django_assert_num_queries(8):
        response = client.get(reverse("partners:program_list"))
    assert len(response.context["programs"]) == 4


# Detail ---------------------------------------------------------------------------------------


def test_program_detail_shows_partners_totals_and_shares(cast, login):
    ContributionFactory(partner=cast.partner_b, value_idr=1_500_000)
    ContributionFactory(partner=cast.partner_b, value_idr=1_500_000)
    ContributionFactory(partner=cast.partner_a, value_idr=1_000_000)
    ContributionFactory(partner=cast.partner_a, kind="expertise", value_idr=None, description="Tenaga ahli")
    response = login(cast.staf_a).get(detail_url(cast.program))
    assert response.status_code == 200
    rows = {p.organisation.name: (p.contribution_total, round(p.share, 1)) for p in response.context["partners"]}
    assert rows == {"PT Mitra B": (3_000_000, 75.0), "Yayasan Mitra A": (1_000_000, 25.0)}
    assert response.context["totals"] == {"total": 4_000_000, "count": 4}
    html = response.content.decode()
    assert "4,000,000" in html or "4.000.000" in html
    assert "Tenaga ahli" in html


def test_program_detail_without_contributions_has_no_share(cast, login):
    response = login(cast.manajer).get(detail_url(cast.program))
    assert [p.share for p in response.context["partners"]] == [None, None]


def test_program_detail_lists_representatives_endorsement_and_staff(cast, login):
    cast.partner_a.endorsed_by_name = "Ibu Maria Goreti"
    cast.partner_a.endorsed_by_title = "Ketua Yayasan"
    cast.partner_a.endorsed_on = datetime.date(2026, 3, 1)
    cast.partner_a.save()
    response = login(cast.staf_b).get(detail_url(cast.program))
    partner_a = next(p for p in response.context["partners"] if p.pk == cast.partner_a.pk)
    assert [m.user for m in partner_a.representatives] == [cast.lead_a]
    html = response.content.decode()
    assert "Ibu Maria Goreti" in html and "Ketua Yayasan" in html
    assert f'data-testid="endorsement-{cast.partner_a.pk}"' in html
    assert {m.user for m in response.context["staff"]} == {cast.fasilitator, cast.manajer}
    assert [m.user.username for m in response.context["partner_members"]] == ["lead_b", "staf_b", "lead_a", "staf_a"]


def test_program_detail_write_links_follow_role(cast, login, client):
    edit_a = reverse("partners:endorsement_edit", args=[cast.partner_a.pk])
    edit_b = reverse("partners:endorsement_edit", args=[cast.partner_b.pk])
    html = login(cast.fasilitator).get(detail_url(cast.program)).content.decode()
    assert edit_a in html and edit_b in html and reverse("partners:program_edit", args=[cast.program.pk]) in html
    html = login(cast.lead_a).get(detail_url(cast.program)).content.decode()
    assert edit_a in html and edit_b not in html
    assert reverse("partners:program_edit", args=[cast.program.pk]) not in html
    html = login(cast.manajer).get(detail_url(cast.program)).content.decode()
    assert edit_a not in html and reverse("partners:contribution_add", args=[cast.program.pk]) not in html


def test_outsider_gets_404_on_program(cast, login):
    response = login(cast.luar).get(detail_url(cast.program))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(cast, client):
    response = client.get(detail_url(cast.program))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_program_detail_renders_registered_panels(cast, login, settings, tmp_path):
    from partners import panels

    template_dir = tmp_path / "templates"
    (template_dir / "x").mkdir(parents=True)
    (template_dir / "x" / "panel.html").write_text("<section>PANEL {{ panel.word }} {{ program.name }}</section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}]
    panels.register_program_panel("x", order=5, template="x/panel.html", context=lambda r, p: {"word": "hello"})
    panels.register_program_panel("hidden", order=6, template="x/panel.html", context=lambda r, p: None)
    html = login(cast.staf_a).get(detail_url(cast.program)).content.decode()
    assert html.count("PANEL hello Desa Sejahtera NTT") == 1


# 16 (with the agreed own goals, issue 16, item 10) + 3 for the program's places (regencies, districts,
# villages; issue 14, item 4).
PROGRAM_DETAIL_QUERIES = 19


def test_program_detail_query_count_is_constant(cast, login, django_assert_num_queries, regions):
    client = login(cast.lead_a)
    ContributionFactory(partner=cast.partner_a)
    ContributionFactory(partner=cast.partner_b)
    with django_assert_num_queries(PROGRAM_DETAIL_QUERIES):
        client.get(detail_url(cast.program))
    for _ in range(4):
        partner = ProgramPartnerFactory(program=cast.program)
        ContributionFactory(partner=partner)
        ContributionFactory(partner=partner, kind="network", value_idr=None)
        MembershipFactory(program=cast.program, partner=partner, role="partner_lead", is_representative=True)
    MembershipFactory(program=cast.program, user__role="manager", role="manager")
    cast.program.provinces.add(*Province.objects.all()[:3])
    cast.program.regencies.add(*Regency.objects.all()[:3])
    cast.program.districts.add(*District.objects.all()[:3])
    cast.program.villages.add(*Village.objects.all()[:3])
    with django_assert_num_queries(PROGRAM_DETAIL_QUERIES):
        response = client.get(detail_url(cast.program))
    assert len(response.context["partners"]) == 6


# Create and edit ------------------------------------------------------------------------------


def test_facilitator_creates_a_program_and_becomes_its_facilitator(cast, login):
    response = login(cast.fasilitator).post(reverse("partners:program_create"), program_data())
    program = Program.objects.get(name="Pangan Lestari Maluku")
    assert response.status_code == 302 and response.url == detail_url(program)
    assert program.is_emergency and program.phase == "scoping"
    assert [p.code for p in program.provinces.all()] == ["81"]
    assert program.memberships.get().user == cast.fasilitator
    assert Activity.objects.filter(program=program, kind="program_created", actor=cast.fasilitator).exists()


@pytest.mark.parametrize("who", ["manajer", "staf_a", "lead_a"])
def test_only_facilitators_and_admins_create_programs(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("partners:program_create")).status_code == 403
    assert client.post(reverse("partners:program_create"), program_data()).status_code == 403
    assert not Program.objects.filter(name="Pangan Lestari Maluku").exists()


def test_end_before_start_is_a_form_error_in_indonesian(cast, login):
    response = login(cast.fasilitator).post(
        reverse("partners:program_create"), program_data(start_date="2027-06-01", end_date="2027-01-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    assert not Program.objects.filter(name="Pangan Lestari Maluku").exists()


def test_form_errors_are_in_english_after_switching(cast, login):
    client = login(cast.fasilitator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("partners:program_create"), program_data(name="", start_date="kemarin"))
    errors = response.context["form"].errors
    assert errors["name"] == ["This field is required."]
    assert errors["start_date"] == ["Enter a valid date."]
    assert "Simpan" not in response.content.decode() and "Save" in response.content.decode()


def test_facilitator_edits_program_but_not_its_phase(cast, login):
    url = reverse("partners:program_edit", args=[cast.program.pk])
    data = program_data(name="Desa Sejahtera NTT 2", phase="closed")
    data.pop("is_emergency")
    response = login(cast.fasilitator).post(url, data)
    assert response.status_code == 302
    cast.program.refresh_from_db()
    assert cast.program.name == "Desa Sejahtera NTT 2"
    assert cast.program.phase == "managing"
    assert not cast.program.is_emergency
    assert Activity.objects.filter(program=cast.program, kind="program_updated").exists()


@pytest.mark.parametrize("who", ["manajer", "staf_a", "lead_a", "staf_b"])
def test_program_edit_refused_to_readers(cast, login, who):
    url = reverse("partners:program_edit", args=[cast.program.pk])
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 403
    assert client.post(url, program_data()).status_code == 403
    cast.program.refresh_from_db()
    assert cast.program.name == "Desa Sejahtera NTT"


def test_program_edit_outsider_404(cast, login):
    url = reverse("partners:program_edit", args=[cast.program.pk])
    assert login(cast.luar).post(url, program_data()).status_code == 404


# Time zone (issue 16, item 16) ------------------------------------------------------------------


def test_a_new_program_takes_the_zone_of_its_provinces(cast, login):
    login(cast.fasilitator).post(reverse("partners:program_create"), program_data(time_zone=""))
    assert Program.objects.get(name="Pangan Lestari Maluku").time_zone == "Asia/Jayapura"


def test_the_facilitator_chooses_the_program_time_zone(cast, login):
    url = reverse("partners:program_edit", args=[cast.program.pk])
    client = login(cast.fasilitator)
    assert 'name="time_zone"' in client.get(url).content.decode()
    response = client.post(url, program_data(time_zone="Asia/Makassar"))
    assert response.status_code == 302
    cast.program.refresh_from_db()
    assert cast.program.time_zone == "Asia/Makassar"
    assert abbreviation(cast.program) == "WITA"
    page = client.get(detail_url(cast.program)).content.decode()
    assert "WITA (Waktu Indonesia Tengah, UTC+8)" in page


def test_an_unknown_time_zone_is_refused(cast, login):
    url = reverse("partners:program_edit", args=[cast.program.pk])
    response = login(cast.fasilitator).post(url, program_data(time_zone="Europe/Paris"))
    assert response.status_code == 200 and "time_zone" in response.context["form"].errors
    cast.program.refresh_from_db()
    assert cast.program.time_zone == "Asia/Jakarta"


def test_program_page_has_in_page_navigation_to_each_section(cast, login):
    """Issue 16, item 14: every link of the section bar points at a section of the page (plain anchors,
    so the bar works without JavaScript), and the registered panels appear in it by their titles."""
    import re

    html = login(cast.fasilitator).get(detail_url(cast.program)).content.decode()
    nav = html.split('data-testid="program-sections"', 1)[1].split("</nav>", 1)[0]
    anchors = re.findall(r'href="#(section-[\w-]+)"', nav)
    assert {"section-overview", "section-partners", "section-contributions", "section-reminders"} <= set(anchors)
    for anchor in anchors:
        assert html.count(f'id="{anchor}"') == 1, anchor
    assert "Pengingat" in nav  # the reminders panel, by its registered title
