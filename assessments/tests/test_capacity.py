"""Capacity plans, trainings (alih pengetahuan), suggestions and facilitator certifications."""

from django.urls import reverse

from assessments.models import CapacityPlan, DevelopmentSuggestion, FacilitatorCredential, Training
from assessments.tests.factories import CapacityPlanFactory, CredentialFactory, TrainingFactory


def test_the_facilitator_creates_a_plan_for_a_person(cast, login):
    response = login(cast.fasilitator).post(
        reverse("assessments:plan_create", args=[cast.program.pk]),
        {"title": "Rencana inovasi", "person": cast.staf_a.pk, "goals": "Skor 3"},
    )
    plan = CapacityPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.person == cast.staf_a and plan.partner is None and plan.created_by == cast.fasilitator


def test_a_plan_is_for_a_person_or_an_organisation_not_both(cast, login):
    client = login(cast.fasilitator)
    url = reverse("assessments:plan_create", args=[cast.program.pk])
    assert client.post(url, {"title": "X", "person": cast.staf_a.pk, "partner": cast.partner_a.pk}).status_code == 200
    assert client.post(url, {"title": "X"}).status_code == 200
    assert client.post(url, {"title": "X", "person": cast.luar.pk}).status_code == 200  # not in the program
    assert not CapacityPlan.objects.exists()
    client.post(url, {"title": "Lembaga", "partner": cast.partner_b.pk})
    assert CapacityPlan.objects.get().partner == cast.partner_b


def test_only_the_facilitator_creates_plans(cast, login):
    url = reverse("assessments:plan_create", args=[cast.program.pk])
    assert login(cast.lead_a).get(url).status_code == 403
    assert login(cast.manajer).get(url).status_code == 403
    assert login(cast.luar).get(url).status_code == 404


def test_recording_a_training_with_knowledge_transfer(cast, login):
    plan = CapacityPlanFactory(program=cast.program, person=cast.staf_a)
    client = login(cast.fasilitator)
    response = client.post(
        reverse("assessments:training_create", args=[plan.pk]),
        {
            "title": "Pelatihan mediasi",
            "provider": "Pusat Mediasi Nasional",
            "start_date": "2026-03-01",
            "end_date": "2026-03-03",
            "is_formal": "on",
            "attended": "on",
            "knowledge_transfer": "Dibagikan kepada 5 kader desa.",
        },
    )
    assert response.status_code == 302
    training = Training.objects.get()
    assert training.is_formal and training.attended and training.knowledge_transfer.startswith("Dibagikan")
    client.post(
        reverse("assessments:training_edit", args=[plan.pk, training.pk]),
        {"title": "Pelatihan mediasi", "start_date": "2026-03-01", "attended": ""},
    )
    training.refresh_from_db()
    assert not training.attended
    page = login(cast.staf_a).get(plan.get_absolute_url())
    assert b"Dibagikan" not in page.content and b"Pelatihan mediasi" in page.content


def test_training_refusals(cast, login):
    plan = CapacityPlanFactory(program=cast.program, person=cast.staf_a)
    url = reverse("assessments:training_create", args=[plan.pk])
    bad = {"title": "X", "start_date": "2026-03-05", "end_date": "2026-03-01"}
    assert login(cast.fasilitator).post(url, bad).status_code == 200
    assert login(cast.fasilitator).post(url, {"title": "X", "start_date": "bukan tanggal"}).status_code == 200
    assert login(cast.staf_a).get(url).status_code == 403  # sees the plan, cannot change it
    assert login(cast.luar).get(url).status_code == 404
    other = TrainingFactory()
    assert (
        login(cast.fasilitator).get(reverse("assessments:training_edit", args=[plan.pk, other.pk])).status_code == 404
    )
    assert not Training.objects.filter(plan=plan).exists()


def test_plan_list_shows_what_the_user_may_see(cast, login):
    CapacityPlanFactory(program=cast.program, person=cast.staf_a, title="Untuk A")
    CapacityPlanFactory(program=cast.program, person=cast.staf_b, title="Untuk B")
    url = reverse("assessments:plan_list", args=[cast.program.pk])
    titles = [p.title for p in login(cast.staf_a).get(url).context["plans"]]
    assert titles == ["Untuk A"]
    assert len(login(cast.fasilitator).get(url).context["plans"]) == 2
    assert login(cast.luar).get(url).status_code == 404


def test_facilitators_edit_suggestions(cast, login):
    suggestion = DevelopmentSuggestion.objects.filter(competency_code="berani-inovasi").first()
    client = login(cast.fasilitator)
    response = client.post(
        reverse("assessments:suggestion_edit", args=[suggestion.pk]),
        {"competency_code": "berani-inovasi", "order": 1, "text_id": "Uji coba kecil", "text_en": "A small trial"},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.text_id == "Uji coba kecil" and suggestion.updated_by == cast.fasilitator
    client.post(
        reverse("assessments:suggestions"),
        {"competency_code": "transparan-jujur", "order": 9, "text_id": "Baru", "text_en": "New"},
    )
    assert DevelopmentSuggestion.objects.filter(text_en="New").exists()
    assert client.post(reverse("assessments:suggestions"), {"competency_code": "tidak-ada"}).status_code == 200


def test_partner_people_and_managers_do_not_edit_suggestions(cast, login):
    for person in (cast.staf_a, cast.lead_a, cast.manajer):
        assert login(person).get(reverse("assessments:suggestions")).status_code == 404


def test_a_facilitator_records_their_certification(cast, login):
    response = login(cast.fasilitator).post(
        reverse("assessments:credentials"),
        {
            "title": "Accredited Partnership Broker",
            "provider": "PBA",
            "completed_on": "2025-05-01",
            "is_certified": "on",
            "valid_until": "2028-05-01",
        },
    )
    assert response.status_code == 302
    credential = FacilitatorCredential.objects.get()
    assert credential.facilitator == cast.fasilitator and credential.is_certified and credential.is_valid
    bad = {"title": "X", "provider": "Y", "completed_on": "2025-05-01", "valid_until": "2024-01-01"}
    assert login(cast.fasilitator).post(reverse("assessments:credentials"), bad).status_code == 200
    assert FacilitatorCredential.objects.count() == 1
    assert login(cast.staf_a).get(reverse("assessments:credentials")).status_code == 404


def test_the_program_page_shows_the_facilitators_certification_and_latest_summary(cast, login, round_):
    from assessments.tests.factories import answer_health, rate_everyone

    CredentialFactory(facilitator=cast.fasilitator, title="Accredited Partnership Broker")
    CredentialFactory(facilitator=cast.luar, title="Sertifikat orang lain")
    rate_everyone(round_, cast, 4)
    answer_health(round_, cast, 2)
    response = login(cast.manajer).get(reverse("partners:program_detail", args=[cast.program.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    panel = content.split('data-testid="assessments-panel"')[1]
    assert "Accredited Partnership Broker" in panel and "Sertifikat orang lain" not in panel
    assert "4,0" in panel or "4.0" in panel
