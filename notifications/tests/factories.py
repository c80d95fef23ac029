import datetime

import factory
from django.utils import timezone

from notifications import models
from partners.tests.factories import UserFactory
from roadmap import models as roadmap


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Notification

    user = factory.SubFactory(UserFactory)
    kind = "update_approved"
    label = factory.Sequence(lambda n: f"Tonggak capaian {n}")
    url = "/partners/programs/"


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = roadmap.Outcome

    statement = factory.Sequence(lambda n: f"Capaian {n}: pendapatan rumah tangga naik")


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = roadmap.Output

    outcome = factory.SubFactory(OutcomeFactory)
    statement = factory.Sequence(lambda n: f"Keluaran {n}: kelompok usaha terbentuk")


class MilestoneFactory(factory.django.DjangoModelFactory):
    """Pass program, output and owner explicitly (the cast's)."""

    class Meta:
        model = roadmap.Milestone

    title = factory.Sequence(lambda n: f"Tonggak capaian {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = roadmap.MilestoneStatus.PLANNED
