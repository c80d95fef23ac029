"""Lessons learnt across programs (issue 15, item 5): a case closes only with its lessons; the
facilitator publishes to a library shared across programs, with names hidden unless agreed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from facilitation.actions import do_publish_lesson, do_save_mediation
from facilitation.models import Lesson, MediationCase
from facilitation.tests.factories import LessonFactory, MediationCaseFactory
from partners.models import Activity, Province
from partners.tests.factories import OrganisationFactory, ProgramFactory, ProgramPartnerFactory

pytestmark = pytest.mark.django_db

NTT = "53"


@pytest.fixture
def case(cast):
    cast.program.provinces.add(Province.objects.get(code=NTT))
    return MediationCaseFactory(
        program=cast.program,
        title="Sengketa biaya transportasi",
        parties=[cast.partner_a, cast.partner_b],
        status="resolved",
        resolution="Biaya dibagi dua.",
        lessons_learnt="Sepakati pembagian biaya sejak awal.",
    )


def lesson_data(cast, **overrides):
    return {
        "kind": "lesson",
        "title": "Yayasan Mitra A dan PT Mitra B berbagi biaya",
        "text": (
            f"{cast.fasilitator.get_full_name()} mempertemukan Yayasan Mitra A dengan PT MITRA B. "
            f"{cast.lead_a.get_full_name()} dan {cast.lead_b.first_name} sepakat membagi biaya."
        ),
        "sector": "civil_society",
        "province": Province.objects.get(code=NTT).pk,
        "problem": "funding",
    } | overrides


def names_of(cast):
    people = [cast.fasilitator, cast.lead_a, cast.lead_b]
    return ["Yayasan Mitra A", "PT Mitra B", "PT MITRA B", "Desa Sejahtera NTT"] + [p.get_full_name() for p in people]


# --- a case cannot close without its lessons --------------------------------------------------------


def test_the_form_refuses_to_close_a_case_without_lessons(cast, login, case):
    open_case = MediationCaseFactory(program=cast.program, parties=[cast.partner_a, cast.partner_b])
    data = {
        "title": open_case.title,
        "parties": [cast.partner_a.pk, cast.partner_b.pk],
        "issue": "x",
        "opened_on": open_case.opened_on.isoformat(),
        "status": "resolved",
        "resolution": "Sepakat.",
        "lessons_learnt": "  ",
    }
    response = login(cast.fasilitator).post(reverse("facilitation:mediation_edit", args=[open_case.pk]), data)
    assert response.status_code == 400
    assert "Record the lessons learnt (hikmah) before marking the case resolved." in response.content.decode()
    open_case.refresh_from_db()
    assert open_case.status == "open"


def test_the_refusal_is_in_indonesian_for_an_indonesian_user(cast, client, case, settings):
    open_case = MediationCaseFactory(program=cast.program, parties=[cast.partner_a, cast.partner_b])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(cast.fasilitator)
    data = {
        "title": open_case.title,
        "parties": [cast.partner_a.pk, cast.partner_b.pk],
        "issue": "x",
        "opened_on": open_case.opened_on.isoformat(),
        "status": "resolved",
        "resolution": "Sepakat.",
    }
    response = client.post(reverse("facilitation:mediation_edit", args=[open_case.pk]), data)
    assert response.status_code == 400
    assert "hikmah" in response.content.decode()
    assert "Record the lessons learnt" not in response.content.decode()


def test_the_action_refuses_too(cast):
    open_case = MediationCaseFactory(program=cast.program, parties=[cast.partner_a, cast.partner_b])
    with pytest.raises(ValidationError) as error:
        do_save_mediation(
            cast.fasilitator,
            cast.program,
            open_case,
            fields={"status": "resolved", "resolution": "Sepakat.", "lessons_learnt": ""},
            parties=[cast.partner_a, cast.partner_b],
        )
    assert error.value.code == "no_lessons"
    assert MediationCase.objects.get(pk=open_case.pk).status == "open"


# --- publishing -----------------------------------------------------------------------------------------


def test_facilitator_publishes_a_case_lesson_with_names_hidden(cast, login, case):
    client = login(cast.fasilitator)
    url = reverse("facilitation:mediation_publish_lesson", args=[case.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["text"] == "Sepakati pembagian biaya sejak awal."
    response = client.post(url, lesson_data(cast))
    lesson = Lesson.objects.get()
    assert response.status_code == 302 and response["Location"] == lesson.get_absolute_url()
    assert lesson.mediation_case == case and not lesson.names_agreed
    assert lesson.title == "Partner A dan Partner B berbagi biaya"
    assert "Partner A" in lesson.text and "Partner B" in lesson.text and "Person " in lesson.text
    assert Activity.objects.filter(program=cast.program, kind="lesson_published").exists()
    # The lesson page and the library, read by a facilitator of another program, show no name at all.
    reader = login(cast.luar)
    for page in (lesson.get_absolute_url(), reverse("facilitation:library")):
        body = reader.get(page).content.decode()
        assert "Partner A" in body
        for name in names_of(cast):
            assert name not in body, (page, name)


def test_names_stay_when_the_parties_agreed(cast, login, case):
    client = login(cast.fasilitator)
    client.post(reverse("facilitation:mediation_publish_lesson", args=[case.pk]), lesson_data(cast, names_agreed="on"))
    lesson = Lesson.objects.get()
    assert lesson.names_agreed and lesson.title.startswith("Yayasan Mitra A")
    body = login(cast.luar).get(lesson.get_absolute_url()).content.decode()
    assert "Yayasan Mitra A" in body and "Desa Sejahtera NTT" in body


def test_indonesian_labels_for_hidden_names(cast, client, case, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(cast.fasilitator)
    client.post(reverse("facilitation:mediation_publish_lesson", args=[case.pk]), lesson_data(cast))
    assert Lesson.objects.get().title == "Mitra A dan Mitra B berbagi biaya"


def test_a_success_story_is_published_from_the_program(cast, login):
    response = login(cast.fasilitator).post(
        reverse("facilitation:lesson_publish", args=[cast.program.pk]),
        lesson_data(cast, kind="success_story", title="Koperasi tenun naik kelas"),
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert lesson.kind == "success_story" and lesson.mediation_case is None


def test_an_open_case_cannot_be_published(cast, login, case):
    open_case = MediationCaseFactory(program=cast.program, parties=[cast.partner_a, cast.partner_b])
    response = login(cast.fasilitator).post(
        reverse("facilitation:mediation_publish_lesson", args=[open_case.pk]), lesson_data(cast)
    )
    assert response.status_code == 302 and response["Location"] == open_case.get_absolute_url()
    with pytest.raises(ValidationError):
        do_publish_lesson(cast.fasilitator, cast.program, case=open_case, fields={})
    assert not Lesson.objects.exists()


def test_a_case_of_another_program_is_refused_by_the_action(cast, case):
    other = ProgramFactory()
    with pytest.raises(ValidationError):
        do_publish_lesson(cast.fasilitator, other, case=case, fields={})


def test_a_missing_tag_is_a_form_error(cast, login):
    response = login(cast.fasilitator).post(
        reverse("facilitation:lesson_publish", args=[cast.program.pk]), lesson_data(cast, problem="")
    )
    assert response.status_code == 400 and not Lesson.objects.exists()


@pytest.mark.parametrize("who", ["manajer", "staf_a", "lead_a"])
def test_only_the_facilitator_publishes(cast, login, case, who):
    client = login(getattr(cast, who))
    publish_url = reverse("facilitation:lesson_publish", args=[cast.program.pk])
    assert client.post(publish_url, lesson_data(cast)).status_code == 403
    case_url = reverse("facilitation:mediation_publish_lesson", args=[case.pk])
    assert client.post(case_url, lesson_data(cast)).status_code == 403
    assert not Lesson.objects.exists()


def test_outsider_gets_404_on_publishing(cast, login, case):
    client = login(cast.luar)
    assert client.get(reverse("facilitation:lesson_publish", args=[cast.program.pk])).status_code == 404
    assert client.get(reverse("facilitation:mediation_publish_lesson", args=[case.pk])).status_code == 404


# --- the library ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["fasilitator", "manajer", "admin", "luar"])
def test_every_internal_user_reads_the_library(cast, login, who):
    lesson = LessonFactory(title="Hikmah dari Sumba")
    client = login(getattr(cast, who))
    assert "Hikmah dari Sumba" in client.get(reverse("facilitation:library")).content.decode()
    assert client.get(lesson.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", ["staf_a", "lead_a"])
def test_partner_people_do_not_read_the_library(cast, login, who):
    lesson = LessonFactory(program=cast.program)
    client = login(getattr(cast, who))
    assert client.get(reverse("facilitation:library")).status_code == 403
    assert client.get(lesson.get_absolute_url()).status_code == 404


def test_the_library_filters_by_tag(cast, login):
    papua = Province.objects.get(code="94")
    LessonFactory(title="Data penerima", problem="data")
    LessonFactory(title="Kisah koperasi", kind="success_story", sector="business", province=papua)
    client = login(cast.fasilitator)

    def titles(query):
        return {lesson.title for lesson in client.get(reverse("facilitation:library"), query).context["page"]}

    assert titles({}) == {"Data penerima", "Kisah koperasi"}
    assert titles({"problem": "data"}) == {"Data penerima"}
    assert titles({"kind": "success_story"}) == {"Kisah koperasi"}
    assert titles({"sector": "business"}) == {"Kisah koperasi"}
    assert titles({"province": papua.pk}) == {"Kisah koperasi"}
    assert titles({"kind": "nonsense"}) == {"Data penerima", "Kisah koperasi"}  # a bad filter is ignored, no 500


def test_library_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.fasilitator)
    for _i in range(2):
        LessonFactory()
    # overhead 6 (session, user, notifications, session save x3); count, lessons, provinces of the filter
    with django_assert_num_queries(9):
        client.get(reverse("facilitation:library"))
    for _i in range(8):
        LessonFactory()
    with django_assert_num_queries(9):
        response = client.get(reverse("facilitation:library"))
    assert len(response.context["page"]) == 10


# --- the promoter of ideas draws on the library -----------------------------------------------------------


def test_the_program_page_shows_relevant_lessons_of_other_programs(cast, login, case):
    elsewhere = ProgramFactory(name="Tenun Ikat Sumba")
    ProgramPartnerFactory(program=elsewhere, organisation=OrganisationFactory(sector="business"))
    LessonFactory(program=elsewhere, title="Same province", province=Province.objects.get(code=NTT), sector="media")
    LessonFactory(program=elsewhere, title="Same sector", province=Province.objects.get(code="94"), sector="business")
    LessonFactory(program=elsewhere, title="Unrelated", province=Province.objects.get(code="94"), sector="media")
    LessonFactory(program=cast.program, title="Our own")
    response = login(cast.fasilitator).get(cast.program.get_absolute_url())
    body = response.content.decode()
    assert "Same province" in body and "Same sector" in body  # partner B is a business
    assert "Unrelated" not in body and "Our own" not in body
    partner_view = login(cast.staf_a).get(cast.program.get_absolute_url()).content.decode()
    assert "Same province" not in partner_view and 'data-testid="lessons-panel"' not in partner_view
