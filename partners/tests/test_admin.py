import pytest
from django.contrib import admin
from django.urls import reverse

from partners import models
from partners.tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db

MODELS = [
    models.User,
    models.Province,
    models.Organisation,
    models.CapacityItem,
    models.ScopingChecklist,
    models.Program,
    models.ProgramPartner,
    models.Membership,
    models.Contribution,
    models.Activity,
]


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_every_partners_model_has_a_working_admin(cast, login, model):
    assert admin.site.is_registered(model)
    ContributionFactory(partner=cast.partner_a)
    models.CapacityItem.objects.create(organisation=cast.org_a, kind="data")
    models.ScopingChecklist.objects.create(organisation=cast.org_a, track_record=3)
    models.Activity.objects.create(program=cast.program, actor=cast.fasilitator, kind="program_updated", label="x")
    client = login(cast.admin)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Mitra"}).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200


def test_admin_is_closed_to_non_staff(cast, login):
    response = login(cast.fasilitator).get(reverse("admin:partners_program_changelist"))
    assert response.status_code == 302
