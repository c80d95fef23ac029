"""Actions are all-or-nothing: a failure part-way leaves no row and no file behind."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile

from partners import actions
from partners.models import Activity, CapacityItem, ProgramPartner
from partners.tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def boom(*args, **kwargs):
    raise RuntimeError("feed unavailable")


@pytest.fixture(autouse=True)
def _other_apps_bound_the_real_feed():
    """Other apps' actions take `record_activity` by name at import; imported first while it is
    patched below, they would keep the failing stub for the rest of the run."""
    for app in django_apps.get_app_configs():
        try:
            import_module(f"{app.name}.actions")
        except ModuleNotFoundError:
            pass


def test_endorsement_failure_saves_nothing_and_removes_the_file(cast, settings, monkeypatch):
    monkeypatch.setattr(actions, "record_activity", boom)
    letter = SimpleUploadedFile("letter.pdf", PDF_BYTES)
    with pytest.raises(RuntimeError):
        actions.do_update_endorsement(
            cast.lead_a, cast.partner_a, letter=letter, endorsement_status="declined", endorsed_by_name="X"
        )
    partner = ProgramPartner.objects.get(pk=cast.partner_a.pk)
    assert partner.endorsement_status == "endorsed" and not partner.endorsement_letter
    folder = settings.PRIVATE_MEDIA_ROOT / "endorsements"
    assert not folder.exists() or not any(folder.rglob("*.pdf"))


def test_capacity_profile_failure_keeps_the_old_profile(cast, monkeypatch):
    CapacityItem.objects.create(organisation=cast.org_a, kind="data", notes="lama")
    monkeypatch.setattr(actions, "record_activity", boom)
    with pytest.raises(RuntimeError):
        actions.do_set_capacity_profile(cast.lead_a, cast.org_a, {"funding": "baru"})
    assert list(CapacityItem.objects.values_list("kind", "notes")) == [("data", "lama")]


def test_update_program_ignores_phase(cast):
    actions.do_update_program(cast.fasilitator, cast.program, name="Baru", phase="closed")
    cast.program.refresh_from_db()
    assert (cast.program.name, cast.program.phase) == ("Baru", "managing")
    assert Activity.objects.filter(kind="program_updated", actor=cast.fasilitator).count() == 1
