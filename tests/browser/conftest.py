import datetime

import pytest
from django.utils import timezone


def _reload_reference_data():
    """Re-run every data migration (RunPython) with its historical models.

    A transactional test ends by flushing every table, which also empties the reference data
    that migrations load (the 38 provinces, the competency frameworks, health-check dimensions).
    The tests that run afterwards in the same session expect that data, so put it back.
    """
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations import RunPython

    executor = MigrationExecutor(connection)
    loader = executor.loader
    plan = [loader.graph.nodes[key] for key in loader.graph.leaf_nodes()]
    order = []
    for leaf in plan:
        for key in loader.graph.forwards_plan((leaf.app_label, leaf.name)):
            if key not in order:
                order.append(key)
    with connection.schema_editor(atomic=True) as editor:
        for key in order:
            migration = loader.graph.nodes[key]
            runs = [op for op in migration.operations if isinstance(op, RunPython)]
            if not runs:
                continue
            state = loader.project_state(key, at_end=False)
            for op in runs:
                op.code(state.apps, editor)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # After every fixture is torn down, including pytest-django's flush of a transactional test.
    result = yield
    if "live_server" in item.fixturenames or "transactional_db" in item.fixturenames:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            from partners.models import Province

            if not Province.objects.exists():
                _reload_reference_data()
    return result


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
