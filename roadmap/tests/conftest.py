import pytest
from django.utils import timezone

from roadmap.models import ProgressUpdate
from roadmap.tests.factories import MilestoneFactory, OutcomeFactory, OutputFactory, ProgressUpdateFactory


@pytest.fixture
def roadmap(cast):
    """A small road map on the cast's program; partner A owns the milestones."""
    outcome = OutcomeFactory(program=cast.program)
    output = OutputFactory(outcome=outcome)
    first = MilestoneFactory(output=output, owner=cast.partner_a, title="Survei data dasar")
    second = MilestoneFactory(output=output, owner=cast.partner_a, title="Pelatihan kelompok usaha")
    other = MilestoneFactory(output=output, owner=cast.partner_b, title="Penyaluran kredit mikro")
    second.depends_on.add(first)
    return type("Roadmap", (), {"outcome": outcome, "output": output, "first": first, "second": second, "other": other})


@pytest.fixture
def submitted_update(cast, roadmap):
    return ProgressUpdateFactory(
        milestone=roadmap.first,
        author=cast.staf_a,
        state=ProgressUpdate.State.SUBMITTED,
        progress=60,
        submitted_at=timezone.now(),
    )


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="bukti.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def draft_update(cast, roadmap):
    return ProgressUpdateFactory(milestone=roadmap.first, author=cast.staf_a, progress=30)


@pytest.fixture
def evidence(submitted_update):
    from roadmap.models import Evidence

    return Evidence.objects.create(update=submitted_update, file=pdf_file(), original_name="bukti.pdf", size=40)
