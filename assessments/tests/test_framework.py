"""The shipped content and versioning: editing a framework never changes past results."""

import pytest
from django.urls import reverse

from assessments.actions import do_new_framework_version, do_open_round
from assessments.models import (
    Behaviour,
    BehaviourLevel,
    Competency,
    Framework,
    FrozenError,
    HealthDimension,
)
from assessments.tests.factories import submitted_assessment


@pytest.mark.django_db
def test_the_five_attitudes_ship_in_both_languages():
    framework = Framework.current(Framework.Kind.ATTITUDES)
    competencies = list(framework.competencies.all())
    assert [c.name_id for c in competencies] == [
        "Saling menghormati",
        "Menghargai keragaman",
        "Transparan / jujur",
        "Mengedepankan manfaat bersama",
        "Berani mencoba inovasi",
    ]
    for competency in competencies:
        behaviours = list(competency.behaviours.all())
        assert 2 <= len(behaviours) <= 4
        for behaviour in behaviours:
            levels = list(behaviour.levels.order_by("level"))
            assert [level.level for level in levels] == [1, 2, 3, 4, 5]
            assert all(level.descriptor_id and level.descriptor_en for level in levels)
            assert behaviour.name_id and behaviour.name_en


@pytest.mark.django_db
def test_the_facilitator_set_has_the_seven_roles():
    framework = Framework.current(Framework.Kind.FACILITATOR)
    assert framework.competencies.count() == 7
    assert BehaviourLevel.objects.filter(behaviour__competency__framework=framework).count() == 7 * 5


@pytest.mark.django_db
def test_the_seven_health_dimensions_have_descriptors():
    dimensions = list(HealthDimension.objects.prefetch_related("levels"))
    assert [d.name_en for d in dimensions][:2] == ["Communication", "Leadership endorsement and commitment"]
    assert len(dimensions) == 7
    assert all(len(d.levels.all()) == 5 for d in dimensions)


@pytest.mark.django_db
def test_names_follow_the_active_language():
    from django.utils import translation

    competency = Competency.objects.get(code="saling-menghormati", framework__version=1)
    with translation.override("en"):
        assert competency.name == "Mutual respect"
    with translation.override("id"):
        assert competency.name == "Saling menghormati"


def test_a_used_version_is_frozen_and_edits_go_to_a_new_version(cast, round_):
    framework = Framework.current(Framework.Kind.ATTITUDES)
    do_open_round(cast.fasilitator, cast.program, kind="adhoc", held_on=round_.held_on, closes_on=round_.closes_on)
    submitted_assessment(round_, cast.staf_a, cast.staf_a, 4)
    framework.refresh_from_db()
    assert framework.is_frozen
    behaviour = Behaviour.objects.filter(competency__framework=framework).first()
    behaviour.name_id = "Diubah"
    with pytest.raises(FrozenError):
        behaviour.save()
    level = BehaviourLevel.objects.filter(behaviour=behaviour).first()
    with pytest.raises(FrozenError):
        level.delete()
    framework.name_en = "Renamed"
    with pytest.raises(FrozenError):
        framework.save()

    copy = do_new_framework_version(cast.admin, framework)
    assert copy.version == 2 and not copy.is_frozen and not copy.is_published
    assert BehaviourLevel.objects.filter(behaviour__competency__framework=copy).count() == (
        BehaviourLevel.objects.filter(behaviour__competency__framework=framework).count()
    )
    new_behaviour = Behaviour.objects.filter(competency__framework=copy).first()
    new_behaviour.name_id = "Perilaku yang diperbarui"
    new_behaviour.save()  # the new version is editable
    copy.is_published = True
    copy.save()
    assert Framework.current(Framework.Kind.ATTITUDES) == copy
    # Past results still point at version 1 with its original wording.
    round_.refresh_from_db()
    assert round_.framework == framework
    behaviour.refresh_from_db()
    assert behaviour.name_id != "Diubah"
    # The next round uses the new version, and trends match competencies by code across versions.
    later = do_open_round(
        cast.fasilitator, cast.program, kind="midterm", held_on=round_.held_on, closes_on=round_.closes_on
    )
    assert later.framework == copy


def test_the_admin_shows_a_frozen_version_read_only(cast, login, round_):
    framework = round_.framework
    Framework.objects.filter(pk=framework.pk).update(frozen_at="2026-01-01T00:00:00Z")
    client = login(cast.admin)
    response = client.post(reverse("admin:assessments_framework_change", args=[framework.pk]), {"name_en": "Changed"})
    framework.refresh_from_db()
    assert framework.name_en == "The five partnering attitudes"
    assert response.status_code in (200, 403)
    response = client.post(
        reverse("admin:assessments_framework_changelist"),
        {"action": "new_version", "_selected_action": [framework.pk]},
    )
    assert response.status_code == 302
    assert Framework.objects.filter(code=framework.code, version=2).exists()
