import pytest


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
