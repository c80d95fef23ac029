"""The fixed cast every test tells its story with (STYLE.md, convention 8).

- fasilitator: the program's facilitator
- staf_a / lead_a: staff and lead of partner A (owns the cast's milestones)
- staf_b / lead_b: staff and lead of partner B, in the same program
- manajer: the program manager (read-only)
- luar: an outsider, a facilitator of another program
- admin: an administrator
"""

import os
import shutil
import threading
from types import SimpleNamespace

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from partners.models import Membership, User
from partners.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgramFactory,
    ProgramPartnerFactory,
    UserFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class _OneAtATime:
    """A WSGI app that runs one request at a time, from the call until its response is closed."""

    def __init__(self, app):
        self.app, self.lock = app, threading.Lock()

    def __call__(self, environ, start_response):
        self.lock.acquire()
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self.lock.release()
            raise
        return _Released(result, self.lock)


class _Released:
    def __init__(self, result, lock):
        self.result, self.lock, self.open = result, lock, True

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            if self.open:
                self.open = False
                self.lock.release()


class LiveServer(ThreadedWSGIServer):
    """The browser tests' live server. On an in-memory SQLite test database (`make test` without
    DATABASE_URL) every request thread shares the test's one connection (Django passes it as
    `connections_override`), so two requests at once, say from two browser pages, collide
    ("cannot start a transaction within a transaction"): there it serves one request at a time.
    On PostgreSQL each thread has its own connection and requests run side by side as before."""

    def set_app(self, application):
        super().set_app(_OneAtATime(application) if self.connections_override else application)


LiveServerThread.server_class = LiveServer


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
            if not any(isinstance(op, RunPython) for op in migration.operations):
                continue
            # Each RunPython sees the models as the operations before it in its migration left
            # them (a migration may add a field and then fill it).
            state = loader.project_state(key, at_end=False)
            for op in migration.operations:
                if isinstance(op, RunPython):
                    op.code(state.apps, editor)
                else:
                    op.state_forwards(migration.app_label, state)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Put back the reference data that migrations load when a transactional test's flush
    (which empties every table) has removed it, so later tests find the provinces and frameworks.

    It runs after pytest-django's database set-up, so a serialized_rollback test has already
    restored its own snapshot and nothing is loaded twice.
    """
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        from partners.models import Province

        if not Province.objects.exists():
            _reload_reference_data()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The cast hashes eight passwords per test; PBKDF2 would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files go to a throwaway folder per test."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(settings.PRIVATE_MEDIA_ROOT), "base_url": "/nonexistent/"},
        },
    }


# The official regions tests load (never all 84,000 villages): NTT's Kabupaten Kupang and Kota Kupang
# with their districts and villages, and every province, regency and district of NTT and NTB.
TEST_REGIONS = ["53", "52"]
TEST_VILLAGES = ["53.01", "53.71"]


@pytest.fixture
def regions(db):
    from partners.regions import load_regions

    load_regions(only=TEST_REGIONS)
    load_regions(villages=True, only=TEST_VILLAGES)


@pytest.fixture
def cast(db):
    program = ProgramFactory(name="Desa Sejahtera NTT")
    org_a = OrganisationFactory(name="Yayasan Mitra A")
    org_b = OrganisationFactory(name="PT Mitra B", sector="business")
    partner_a = ProgramPartnerFactory(program=program, organisation=org_a, role="implementing")
    partner_b = ProgramPartnerFactory(program=program, organisation=org_b, role="funding", is_initial_funder=True)

    def person(username, role, organisation=None, **extra):
        return UserFactory(username=username, role=role, organisation=organisation, **extra)

    fasilitator = person("fasilitator", User.Role.FACILITATOR, facilitator_kind="external")
    staf_a = person("staf_a", User.Role.PARTNER_STAFF, org_a)
    lead_a = person("lead_a", User.Role.PARTNER_LEAD, org_a)
    staf_b = person("staf_b", User.Role.PARTNER_STAFF, org_b)
    lead_b = person("lead_b", User.Role.PARTNER_LEAD, org_b)
    manajer = person("manajer", User.Role.MANAGER)
    luar = person("luar", User.Role.FACILITATOR)
    admin = person("admin", User.Role.ADMIN, is_staff=True, is_superuser=True)

    role = Membership.Role
    MembershipFactory(program=program, user=fasilitator, role=role.FACILITATOR)
    MembershipFactory(program=program, user=manajer, role=role.MANAGER)
    MembershipFactory(program=program, user=staf_a, role=role.PARTNER_STAFF, partner=partner_a)
    MembershipFactory(program=program, user=lead_a, role=role.PARTNER_LEAD, partner=partner_a, is_representative=True)
    MembershipFactory(program=program, user=staf_b, role=role.PARTNER_STAFF, partner=partner_b)
    MembershipFactory(program=program, user=lead_b, role=role.PARTNER_LEAD, partner=partner_b, is_representative=True)
    # The outsider facilitates a different program, so it is a real, logged-in user with work of its own.
    MembershipFactory(program=ProgramFactory(name="Program Lain"), user=luar, role=role.FACILITATOR)

    return SimpleNamespace(
        program=program,
        org_a=org_a,
        org_b=org_b,
        partner_a=partner_a,
        partner_b=partner_b,
        fasilitator=fasilitator,
        staf_a=staf_a,
        lead_a=lead_a,
        staf_b=staf_b,
        lead_b=lead_b,
        manajer=manajer,
        luar=luar,
        admin=admin,
    )


@pytest.fixture
def login(client):
    """login(user) -> the Django test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium; Playwright's own browser download is not available here."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
