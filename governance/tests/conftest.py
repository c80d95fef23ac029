from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation

from governance.models import AgreementSignOff, PartnerGoal
from governance.tests.factories import AgreementFactory, MilestoneFactory, OutcomeFactory, OutputFactory


@pytest.fixture(autouse=True)
def english(client):
    """Tests read English messages; Indonesian is checked in test_translations_id.py."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def roadmap(cast):
    """A small road map on the cast's program: partner A owns two milestones, partner B one."""
    outcome = OutcomeFactory(program=cast.program)
    output = OutputFactory(outcome=outcome)
    first = MilestoneFactory(output=output, owner=cast.partner_a, title="Survei data dasar")
    second = MilestoneFactory(output=output, owner=cast.partner_a, title="Pelatihan kelompok usaha")
    other = MilestoneFactory(output=output, owner=cast.partner_b, title="Penyaluran kredit mikro")
    return SimpleNamespace(outcome=outcome, output=output, first=first, second=second, other=other)


@pytest.fixture
def full_agreement(cast):
    agreement = AgreementFactory(program=cast.program)
    for partner in (cast.partner_a, cast.partner_b):
        PartnerGoal.objects.create(agreement=agreement, partner=partner, goals="Memperluas jangkauan layanan.")
        AgreementSignOff.objects.create(agreement=agreement, version=1, partner=partner, signed_by=cast.fasilitator)
    return agreement


@pytest.fixture
def scoping(cast):
    """The cast's program, back in scoping."""
    cast.program.phase = "scoping"
    cast.program.save()
    return cast.program
