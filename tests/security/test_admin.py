"""The admin site is no side door around the audit trail (issue 12, item 8).

History and domain records are read-only there; only reference data kept for the admin alone
(accounts, provinces, competency frameworks, health dimensions, groups) is edited there, and people
are deactivated, never deleted.
"""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from assessments.models import Behaviour, Competency, Framework, HealthDimension
from partners.actions import record_activity
from partners.models import Activity, Province, User
from roadmap.actions import do_revise_item
from roadmap.models import Milestone, Revision
from roadmap.tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """Messages are asserted in English (the source language)."""
    client.cookies["django_language"] = "en"


EDITABLE = {User, Province, Framework, Competency, Behaviour, HealthDimension}
# Third-party admins (Celery beat schedules, lockout records, groups) are operations, not program data.
OUR_APPS = {"partners", "roadmap", "assessments", "facilitation", "governance", "notifications", "reports"}


def _admin_url(obj, action):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk])


@pytest.fixture
def records(cast):
    milestone = MilestoneFactory(output__outcome__program=cast.program, owner=cast.partner_a, title="Pelatihan")
    [revision] = do_revise_item(cast.fasilitator, milestone, {"title": "Pelatihan kader"}, "Judul lebih jelas.")
    activity = record_activity(cast.program, cast.fasilitator, "program_updated", "Desa Sejahtera NTT")
    return {"revision": revision, "activity": activity, "milestone": Milestone.objects.get(pk=milestone.pk)}


@pytest.mark.parametrize("name", ["revision", "activity", "milestone"])
def test_admin_cannot_change_or_delete_history(cast, login, records, name):
    obj = records[name]
    model = type(obj)
    before = model.objects.filter(pk=obj.pk).values().get()
    client = login(cast.admin)
    assert client.get(_admin_url(obj, "change")).status_code == 200  # shown read-only
    field = {"revision": "reason", "activity": "label", "milestone": "title"}[name]
    assert client.post(_admin_url(obj, "change"), {field: "diubah lewat admin"}).status_code == 403
    assert client.get(_admin_url(obj, "delete")).status_code == 403
    assert client.post(_admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert model.objects.filter(pk=obj.pk).values().get() == before


def test_every_admin_but_reference_data_is_read_only(cast):
    request = RequestFactory().get("/")
    request.user = cast.admin
    read_only = []
    for model, model_admin in admin.site._registry.items():
        if model in EDITABLE or model._meta.app_label not in OUR_APPS:
            continue
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        read_only.append(model)
    assert {Revision, Activity, Milestone} <= set(read_only)


def test_people_cannot_be_deleted_in_the_admin(cast, login):
    client = login(cast.admin)
    assert client.get(_admin_url(cast.staf_a, "delete")).status_code == 403
    assert client.post(_admin_url(cast.staf_a, "delete"), {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:partners_user_changelist"))
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions and "deactivate" in actions
    assert User.objects.filter(pk=cast.staf_a.pk).exists()


def test_the_admin_deactivates_people(cast, login):
    staff_client = Client()
    staff_client.force_login(cast.staf_a)
    assert staff_client.get(cast.program.get_absolute_url()).status_code == 200
    admin_client = login(cast.admin)
    changelist = reverse("admin:partners_user_changelist")
    response = admin_client.post(
        changelist, {"action": "deactivate", "_selected_action": [cast.staf_a.pk, cast.admin.pk]}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "You cannot deactivate your own account." in text
    assert "1 person was deactivated." in text
    assert User.objects.get(pk=cast.staf_a.pk).is_active is False
    assert User.objects.get(pk=cast.admin.pk).is_active is True
    assert Activity.objects.filter(program=cast.program, kind="person_deactivated").exists()
    # Their session ends: the next request is anonymous and sent to the login page.
    response = staff_client.get(cast.program.get_absolute_url())
    assert response.status_code == 302 and "login" in response["Location"]


def test_reference_data_is_still_edited_in_the_admin(cast, login):
    province = Province.objects.first()
    response = login(cast.admin).post(_admin_url(province, "change"), {"code": province.code, "name": "Nama Baru"})
    assert response.status_code == 302
    assert Province.objects.get(pk=province.pk).name == "Nama Baru"
