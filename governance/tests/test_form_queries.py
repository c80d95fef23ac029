"""Form pages run a constant number of queries however many milestones, outcomes and partners exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.actions import do_save_sustainability_plan
from governance.tests.factories import MilestoneFactory, OutputFactory
from partners.tests.factories import ProgramPartnerFactory

pytestmark = pytest.mark.django_db


def counted(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(cast, roadmap):
    output = OutputFactory(outcome=roadmap.outcome)
    for _ in range(3):
        MilestoneFactory(output=output, owner=cast.partner_b)
        ProgramPartnerFactory(program=cast.program)


@pytest.mark.parametrize("kind,count", [("due_dates", 9), ("target", 10), ("partner", 10), ("phase", 8)])
def test_recommendation_create_page(cast, roadmap, login, kind, count):
    client = login(cast.fasilitator)
    url = reverse("governance:recommendation_create", args=[cast.program.pk]) + f"?kind={kind}"
    small = counted(client, url)
    grow(cast, roadmap)
    assert (small, counted(client, url)) == (count, count)


def test_sustainability_edit_page(cast, roadmap, login):
    do_save_sustainability_plan(cast.fasilitator, cast.program, path="end", transition_milestones=[roadmap.first])
    client = login(cast.fasilitator)
    url = reverse("governance:sustainability_edit", args=[cast.program.pk])
    small = counted(client, url)
    grow(cast, roadmap)
    assert (small, counted(client, url)) == (12, 12)


def test_recognition_create_page(cast, roadmap, login):
    client = login(cast.fasilitator)
    url = reverse("governance:recognition_create", args=[cast.program.pk])
    small = counted(client, url)
    grow(cast, roadmap)
    assert (small, counted(client, url)) == (9, 9)
