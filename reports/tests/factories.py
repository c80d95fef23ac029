import datetime

import factory
from django.utils import timezone

from partners.tests.factories import ProgramFactory, ProgramPartnerFactory
from roadmap.models import Milestone, MilestoneStatus, Outcome, Output


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    program = factory.SubFactory(ProgramFactory)
    statement = factory.Sequence(lambda n: f"Capaian {n}: rumah tangga miskin berkurang")


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    outcome = factory.SubFactory(OutcomeFactory)
    statement = factory.Sequence(lambda n: f"Keluaran {n}: pelatihan usaha")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    output = factory.SubFactory(OutputFactory)
    program = factory.LazyAttribute(lambda m: m.output.outcome.program)
    owner = factory.LazyAttribute(lambda m: ProgramPartnerFactory(program=m.program))
    title = factory.Sequence(lambda n: f"Tonggak capaian {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    due_date = factory.LazyFunction(timezone.localdate)
    status = MilestoneStatus.PLANNED


def bulk_milestones(output, owner, count, *, due, done_every=2):
    """count milestones in one INSERT: every `done_every`-th is done on its due date."""
    rows = []
    for i in range(count):
        done = i % done_every == 0
        rows.append(
            Milestone(
                program_id=output.outcome.program_id,
                output=output,
                owner=owner,
                title=f"Tonggak {i}",
                start_date=due - datetime.timedelta(days=10),
                due_date=due,
                status=MilestoneStatus.DONE if done else MilestoneStatus.IN_PROGRESS,
                progress=100 if done else 50,
                completed_on=due if done else None,
            )
        )
    Milestone.objects.bulk_create(rows, batch_size=1000)
