import datetime

import factory
from django.utils import timezone

from facilitation import models
from partners.models import Province
from partners.tests.factories import ProgramFactory, ProgramPartnerFactory, UserFactory
from roadmap.models import Milestone, Outcome, Output, ProgressUpdate


def today():
    return timezone.localdate()


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Rapat koordinasi {n}")
    kind = models.Meeting.Kind.COORDINATION
    status = models.Meeting.Status.HELD
    date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=7))
    agenda = "1. Kemajuan peta jalan\n2. Rencana bulan depan"
    notes = "Semua mitra hadir."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Keputusan {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Tindak lanjut {n}")
    due_date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=14))


class MediationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MediationCase
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Perbedaan pendapat {n}")
    issue = "Pembagian biaya transportasi pelatihan."
    opened_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=10))

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Lesson

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Hikmah {n}")
    text = "Sepakati pembagian biaya sejak masa penjajakan."
    sector = "civil_society"
    province = factory.LazyFunction(lambda: Province.objects.get(code="53"))
    problem = models.Lesson.Problem.FUNDING
    published_by = factory.SubFactory(UserFactory, role="facilitator")


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.JournalEntry

    program = factory.SubFactory(ProgramFactory)
    author = factory.SubFactory(UserFactory, role="facilitator")
    date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=3))
    role = models.FacilitatorRole.TRAINER
    text = "Melatih staf mitra menyusun laporan kemajuan."


# Minimal road-map rows for the dashboard; the road-map app owns the real factories.
class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    program = factory.SubFactory(ProgramFactory)
    statement = factory.Sequence(lambda n: f"Capaian {n}")


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    outcome = factory.SubFactory(OutcomeFactory)
    statement = factory.Sequence(lambda n: f"Keluaran {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    program = factory.SubFactory(ProgramFactory)
    output = factory.SubFactory(OutputFactory, outcome__program=factory.SelfAttribute("...program"))
    owner = factory.SubFactory(ProgramPartnerFactory, program=factory.SelfAttribute("..program"))
    title = factory.Sequence(lambda n: f"Tonggak capaian {n}")
    start_date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=60))
    due_date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=30))


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    milestone = factory.SubFactory(MilestoneFactory)
    author = factory.SubFactory("partners.tests.factories.UserFactory")
    state = ProgressUpdate.State.SUBMITTED
    new_status = "in_progress"
    progress = 50
    narrative = "Pelatihan kelompok usaha selesai di 5 desa."
    submitted_at = factory.LazyFunction(timezone.now)
