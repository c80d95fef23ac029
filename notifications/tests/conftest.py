import datetime
import zoneinfo
from types import SimpleNamespace

import pytest

from kemitraan.celery import app as celery_app
from notifications.tests.factories import MilestoneFactory, OutcomeFactory, OutputFactory

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
# A Wednesday, 09:00 in Jakarta: the frozen "now" of the sweep tests.
NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=JAKARTA)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The cast has eight users; a fast hasher keeps these tests quick on a shared machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def eager_celery():
    """Tasks run in-process (the embedded default), whatever REDIS_URL says."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield celery_app
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def world(cast, frozen):
    """The cast's program with a road map: partner A owns the milestones, staf_a is responsible."""
    outcome = OutcomeFactory(program=cast.program)
    output = OutputFactory(outcome=outcome)

    def milestone(due_in, **extra):
        extra.setdefault("responsible", cast.staf_a)
        return MilestoneFactory(
            program=cast.program,
            output=output,
            owner=cast.partner_a,
            start_date=TODAY - datetime.timedelta(days=60),
            due_date=TODAY + datetime.timedelta(days=due_in),
            **extra,
        )

    return SimpleNamespace(cast=cast, output=output, milestone=milestone, now=frozen, today=TODAY)
