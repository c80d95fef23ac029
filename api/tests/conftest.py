"""The API's test world: the cast's program with a road map, progress reports and contributions,
and `api(user)`, a client that authenticates with a fresh personal token of that user."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.actions import do_create_api_token
from partners.tests.factories import ContributionFactory
from results.tests.conftest import (  # noqa: F401 (the results app's fixtures, for test_results_api)
    approved_result,
    draft_result,
    framework,
    submitted_result,
)
from roadmap.models import ProgressUpdate
from roadmap.tests.factories import MilestoneFactory, OutcomeFactory, OutputFactory, ProgressUpdateFactory

ROLES = ["fasilitator", "staf_a", "lead_a", "staf_b", "lead_b", "manajer", "luar", "admin"]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Throttle counts live in the (local-memory) cache: each test starts with a full budget."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    def _client(user):
        _token, text = do_create_api_token(user, days=30)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {text}")
        return client

    return _client


def build_roadmap(cast, milestones=2):
    """One outcome and output, `milestones` milestones of partner A and one of partner B, each with a
    submitted report, plus a draft by staf_a on A's first milestone and one by staf_b on B's."""
    program = cast.program
    outcome = OutcomeFactory(program=program)
    output = OutputFactory(outcome=outcome)
    outcome.partners.set([cast.partner_a])
    output.partners.set([cast.partner_a, cast.partner_b])
    today = datetime.date.today()
    own = [
        MilestoneFactory(output=output, owner=cast.partner_a, due_date=today + datetime.timedelta(days=i + 1))
        for i in range(milestones)
    ]
    other = MilestoneFactory(output=output, owner=cast.partner_b)
    own[-1].depends_on.set([own[0]])
    submitted = [
        ProgressUpdateFactory(milestone=m, author=cast.staf_a, state=ProgressUpdate.State.SUBMITTED) for m in own
    ]
    submitted.append(ProgressUpdateFactory(milestone=other, author=cast.staf_b, state=ProgressUpdate.State.SUBMITTED))
    draft_a = ProgressUpdateFactory(milestone=own[0], author=cast.staf_a)
    draft_b = ProgressUpdateFactory(milestone=other, author=cast.staf_b)
    contributions = [ContributionFactory(partner=cast.partner_a, created_by=cast.lead_a) for _ in range(milestones)]
    contributions.append(ContributionFactory(partner=cast.partner_b, created_by=cast.lead_b))
    return SimpleNamespace(
        outcome=outcome,
        output=output,
        milestones=own,
        other=other,
        submitted=submitted,
        draft_a=draft_a,
        draft_b=draft_b,
        contributions=contributions,
    )


@pytest.fixture
def roadmap(cast):
    return build_roadmap(cast)
