from django.urls import reverse


def test_pages_render(cast, login, round_):
    client = login(cast.fasilitator)
    for url in [
        reverse("assessments:index"),
        reverse("assessments:program", args=[cast.program.pk]),
        reverse("assessments:round_create", args=[cast.program.pk]),
        reverse("assessments:round_detail", args=[round_.pk]),
        reverse("assessments:assess", args=[round_.pk, cast.staf_a.pk]),
        reverse("assessments:health_results", args=[cast.program.pk]),
        reverse("assessments:person_results", args=[cast.program.pk, cast.staf_a.pk]),
        reverse("assessments:organisation_results", args=[cast.program.pk, cast.partner_a.pk]),
        reverse("assessments:plan_list", args=[cast.program.pk]),
        reverse("assessments:plan_create", args=[cast.program.pk]),
        reverse("assessments:suggestions"),
        reverse("assessments:credentials"),
        reverse("partners:program_detail", args=[cast.program.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    assert login(cast.lead_a).get(reverse("assessments:health_check", args=[round_.pk])).status_code == 200
