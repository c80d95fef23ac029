import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from partners.tests.factories import ContributionFactory
from reports.tests.factories import MilestoneFactory, OutcomeFactory, OutputFactory
from roadmap.models import MilestoneStatus


def current_quarter():
    today = timezone.localdate()
    q = (today.month - 1) // 3 + 1
    start = datetime.date(today.year, 3 * q - 2, 1)
    return start, today


@pytest.fixture
def road(cast):
    """A small road map in the current quarter: one outcome, two outputs, four milestones, three contributions.

    Milestones (all due in the current quarter, on its first day so they are in the past or today):
      m1 partner A, output 1, done on time (100 %)
      m2 partner A, output 1, done late (100 %)
      m3 partner B, output 2, in progress (40 %), overdue (if the quarter started before today)
      m4 partner B, output 2, cancelled (10 %: left out of totals and progress)
    """
    start, today = current_quarter()
    outcome = OutcomeFactory(
        program=cast.program,
        statement="Kemiskinan ekstrem turun",
    )
    out1 = OutputFactory(outcome=outcome, statement="Pelatihan usaha")
    out2 = OutputFactory(outcome=outcome, statement="Koperasi desa")
    due = start
    m1 = MilestoneFactory(
        output=out1,
        owner=cast.partner_a,
        due_date=due,
        start_date=due,
        status=MilestoneStatus.DONE,
        completed_on=due,
        progress=100,
    )
    m2 = MilestoneFactory(
        output=out1,
        owner=cast.partner_a,
        due_date=due,
        start_date=due,
        status=MilestoneStatus.DONE,
        completed_on=due + datetime.timedelta(days=1),
        progress=100,
    )
    m3 = MilestoneFactory(
        output=out2,
        owner=cast.partner_b,
        due_date=due,
        start_date=due,
        status=MilestoneStatus.IN_PROGRESS,
        progress=40,
    )
    m4 = MilestoneFactory(
        output=out2,
        owner=cast.partner_b,
        due_date=due,
        start_date=due,
        status=MilestoneStatus.CANCELLED,
        progress=10,
    )
    ContributionFactory(partner=cast.partner_b, kind="cash", value_idr=75_000_000, date=today)
    ContributionFactory(partner=cast.partner_a, kind="in_kind", value_idr=20_000_000, date=today)
    ContributionFactory(partner=cast.partner_a, kind="expertise", value_idr=5_000_000, date=today)
    # Outside the period: counts in "total to date" only if before the period end.
    ContributionFactory(
        partner=cast.partner_a, kind="cash", value_idr=1_000_000, date=start - datetime.timedelta(days=1)
    )
    return SimpleNamespace(outcome=outcome, out1=out1, out2=out2, milestones=[m1, m2, m3, m4], start=start, today=today)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The cast's eight users are hashed with PBKDF2 by default; MD5 keeps test setup fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def assert_queries(django_assert_num_queries):
    """django_assert_num_queries, not counting SAVEPOINT/RELEASE statements.

    The session save on each request runs in transaction.atomic(); whether the test database
    wrapper emits a savepoint for it varies between otherwise identical requests, and a
    savepoint is not a data query.
    """
    from contextlib import contextmanager

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def _assert(expected):
        with CaptureQueriesContext(connection) as ctx:
            yield ctx
        real = [q["sql"] for q in ctx.captured_queries if q["sql"].split(" ", 1)[0] not in ("SAVEPOINT", "RELEASE")]
        assert len(real) == expected, f"{len(real)} queries instead of {expected}:\n" + "\n".join(real)

    return _assert
