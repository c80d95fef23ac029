import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def story(world):
    """The cast's program with a road map, two updates waiting for review and an open assessment round."""
    from partners.models import Province
    from partners.tests.factories import MembershipFactory, ProgramFactory, ProgramPartnerFactory
    from roadmap.models import Milestone, ProgressUpdate

    today = timezone.localdate()
    ntt, jatim = Province.objects.get(code="53"), Province.objects.get(code="35")
    world.program.provinces.set([ntt])
    # A second program of the manager's, elsewhere, so the province filter has something to drop.
    other = ProgramFactory(name="Lumbung Pangan Jawa Timur")
    other.provinces.set([jatim])
    ProgramPartnerFactory(program=other)
    MembershipFactory(program=other, user=world.manajer, role="manager")

    milestones = [world.milestone]
    for n in range(3):
        milestones.append(
            Milestone.objects.create(
                program=world.program,
                output=world.output,
                title=f"Pelatihan kader desa {n + 1}",
                owner=world.partner_a,
                responsible=world.staf_a,
                start_date=today - datetime.timedelta(days=30),
                due_date=today + datetime.timedelta(days=5 + n),
                status="in_progress",
                progress=20,
            )
        )
    world.milestone_b = Milestone.objects.create(
        program=world.program,
        output=world.output,
        title="Penyaluran dana mitra B",
        owner=world.partner_b,
        responsible=world.staf_b,
        start_date=today - datetime.timedelta(days=30),
        due_date=today + datetime.timedelta(days=20),
        status="in_progress",
    )
    world.submitted = [
        ProgressUpdate.objects.create(
            milestone=m,
            author=world.staf_a,
            state=ProgressUpdate.State.SUBMITTED,
            new_status="in_progress",
            progress=60,
            narrative=f"Laporan kemajuan {i + 1}",
            submitted_at=timezone.now() - datetime.timedelta(days=5 - i),
        )
        for i, m in enumerate(milestones[1:3])
    ]
    world.milestones = milestones
    world.round_ = None
    try:
        from assessments.tests.factories import RoundFactory

        world.round_ = RoundFactory(program=world.program, closes_on=today + datetime.timedelta(days=14))
    except ImportError:
        pass
    return world
