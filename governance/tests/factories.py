import datetime

import factory
from django.utils import timezone

from governance import models
from partners.tests.factories import ProgramFactory
from roadmap.models import Milestone, Outcome, Output


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    program = factory.SubFactory(ProgramFactory)
    statement = factory.Sequence(lambda n: f"Capaian {n}: pendapatan rumah tangga miskin meningkat")


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    outcome = factory.SubFactory(OutcomeFactory)
    statement = factory.Sequence(lambda n: f"Keluaran {n}: kelompok usaha terbentuk")


class MilestoneFactory(factory.django.DjangoModelFactory):
    """`owner` must be given (a ProgramPartner of the output's program)."""

    class Meta:
        model = Milestone

    output = factory.SubFactory(OutputFactory)
    program = factory.LazyAttribute(lambda m: m.output.outcome.program)
    title = factory.Sequence(lambda n: f"Tonggak capaian {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


SECTION_TEXT = {
    "shared_goals": "Menurunkan kemiskinan ekstrem di desa sasaran.",
    "committed_contributions": "Dana, tenaga pendamping dan data.",
    "decision_making": "Keputusan diambil dalam rapat koordinasi bulanan secara musyawarah.",
    "communication": "Buletin bulanan dan grup pesan singkat.",
    "dispute_resolution": "Mediasi oleh pendamping kemitraan.",
    "exit_strategy": "Diserahkan kepada pemerintah desa setelah tiga tahun.",
}


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartneringAgreement

    program = factory.SubFactory(ProgramFactory)
    shared_goals = SECTION_TEXT["shared_goals"]
    committed_contributions = SECTION_TEXT["committed_contributions"]
    decision_making = SECTION_TEXT["decision_making"]
    communication = SECTION_TEXT["communication"]
    dispute_resolution = SECTION_TEXT["dispute_resolution"]
    exit_strategy = SECTION_TEXT["exit_strategy"]


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Recommendation

    program = factory.SubFactory(ProgramFactory)
    kind = models.Recommendation.Kind.PHASE
    title = factory.Sequence(lambda n: f"Rekomendasi {n}")
    rationale = "Kemajuan lebih lambat dari rencana."
    alternatives = "Menambah pendamping; menunda kegiatan."
    new_phase = "reviewing"


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Recognition

    title = factory.Sequence(lambda n: f"Penghargaan {n}")
    description = "Model pendampingan direplikasi di kabupaten lain."
    date = factory.LazyFunction(timezone.localdate)
    awarded_by = "Bupati Timor Tengah Selatan"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commitment

    kind = "cash"
    amount_idr = 120_000_000
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=120))
    description = "Dana pendampingan kelompok usaha"
