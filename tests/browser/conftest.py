import datetime

import pytest
from django.utils import timezone

from tests.browser.layout import VIEWPORTS

# Issue 16, item 2: every journey also runs on a phone. A test in one of these modules that uses the
# `page` fixture runs twice, at desktop width and at 390x844; its other browser contexts take the same
# size through layout.new_page(browser, page), and layout.main_action_visible checks each page's main action.
JOURNEY_MODULES = {
    "test_journeys",
    "test_ux_journeys",
    "test_results_journey",
    "test_import_journey",
    "test_lists_journey",
    "test_time_zone_journey",
    "test_report_files",
}


def pytest_generate_tests(metafunc):
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in JOURNEY_MODULES and "page" in metafunc.fixturenames:
        metafunc.parametrize("viewport", list(VIEWPORTS), indirect=True)


@pytest.fixture
def viewport(request):
    """ "desktop" or "phone" in the journeys; None elsewhere (pytest-playwright's default size)."""
    return getattr(request, "param", None)


@pytest.fixture
def browser_context_args(browser_context_args, viewport):
    if viewport is None:
        return browser_context_args
    return {**browser_context_args, "viewport": VIEWPORTS[viewport]}


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
