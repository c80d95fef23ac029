import datetime

import factory
from django.utils import timezone

from partners.tests.factories import ProgramPartnerFactory, UserFactory
from roadmap import models


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Outcome

    program = factory.SubFactory("partners.tests.factories.ProgramFactory")
    statement = factory.Sequence(lambda n: f"Capaian {n}: pendapatan rumah tangga miskin meningkat")


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Output

    outcome = factory.SubFactory(OutcomeFactory)
    statement = factory.Sequence(lambda n: f"Keluaran {n}: kelompok usaha terbentuk")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Milestone
        skip_postgeneration_save = True

    output = factory.SubFactory(OutputFactory)
    program = factory.LazyAttribute(lambda m: m.output.outcome.program)
    title = factory.Sequence(lambda n: f"Tonggak capaian {n}")
    owner = factory.SubFactory(ProgramPartnerFactory, program=factory.SelfAttribute("..program"))
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProgressUpdate

    milestone = factory.SubFactory(MilestoneFactory)
    author = factory.SubFactory(UserFactory)
    new_status = models.MilestoneStatus.IN_PROGRESS
    progress = 50
    narrative = "Pelatihan kelompok tahap pertama selesai."
