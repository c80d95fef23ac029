"""Fixtures for the cross-app security, scale and browser tests.

`world` builds, on demand, one object of every kind the URLs take an id of, all inside the
cast's program, so a test can ask for "a milestone the outsider must not see".
"""

import datetime
from functools import cached_property

import pytest
from django.utils import timezone


class World:
    """Lazily built objects of the cast's program (each built at most once per test)."""

    def __init__(self, cast):
        self.cast = cast

    def __getattr__(self, name):
        # Fall through to the cast (program, org_a, staf_a ...).
        return getattr(self.__dict__["cast"], name)

    @cached_property
    def partner_outsider(self):
        """Partner staff of an organisation in another program: sees no record of the cast's."""
        from partners.models import Membership, User
        from partners.tests.factories import MembershipFactory, ProgramPartnerFactory, UserFactory

        partner = ProgramPartnerFactory(program__name="Program Tetangga", organisation__name="Lembaga Tetangga")
        user = UserFactory(username="staf_luar", role=User.Role.PARTNER_STAFF, organisation=partner.organisation)
        MembershipFactory(program=partner.program, user=user, role=Membership.Role.PARTNER_STAFF, partner=partner)
        return user

    @cached_property
    def contribution(self):
        from partners.tests.factories import ContributionFactory

        return ContributionFactory(partner=self.cast.partner_a, created_by=self.cast.lead_a)

    @cached_property
    def commitment(self):
        from governance.tests.factories import CommitmentFactory

        return CommitmentFactory(partner=self.cast.partner_a)

    @cached_property
    def partner_with_letter(self):
        """Partner A with an endorsement letter on file (the letter download needs one)."""
        from django.core.files.base import ContentFile

        partner = self.cast.partner_a
        partner.endorsement_letter.save("restu.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        partner.endorsement_letter_name = "restu.pdf"
        partner.save()
        return partner

    @cached_property
    def document(self):
        """A whole-program document of partner A (the MoU) with one version."""
        from django.core.files.base import ContentFile

        from partners.actions import do_add_document

        upload = ContentFile(b"%PDF-1.4\n%%EOF\n", name="mou.pdf")
        return do_add_document(
            self.cast.fasilitator,
            self.cast.program,
            kind="mou",
            title="MoU Bappeda dan Mitra A",
            date=self.today,
            file=upload,
            partner=self.cast.partner_a,
        )

    @cached_property
    def document_version(self):
        return self.document.current_version

    @cached_property
    def recognition(self):
        """A confirmed recognition of partner A with a photo on file (its download needs one)."""
        from django.core.files.base import ContentFile

        from governance.models import Recognition

        recognition = Recognition(
            program=self.cast.program,
            partner=self.cast.partner_a,
            title="Penghargaan uji",
            description="Uraian uji",
            date=self.today,
            awarded_by="Kepala Desa Uji",
            recorded_by=self.cast.fasilitator,
            file_name="piagam.pdf",
        )
        recognition.file.save("piagam.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        recognition.save()
        return recognition

    @cached_property
    def institutional_change(self):
        """A policy partner A adopted, with its document on file (its download needs one)."""
        from django.core.files.base import ContentFile

        from governance.models import InstitutionalChange

        change = InstitutionalChange(
            program=self.cast.program,
            partner=self.cast.partner_a,
            kind="procedure",
            title="SOP uji",
            description="Uraian uji",
            adopted_on=self.today,
            recorded_by=self.cast.fasilitator,
            document_name="sop.pdf",
        )
        change.document.save("sop.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        change.save()
        return change

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def outcome(self):
        from roadmap.models import Outcome

        return Outcome.objects.create(program=self.cast.program, statement="Capaian uji", order=1)

    @cached_property
    def output(self):
        from roadmap.models import Output

        return Output.objects.create(outcome=self.outcome, statement="Keluaran uji", order=1)

    @cached_property
    def milestone(self):
        from roadmap.models import Milestone

        return Milestone.objects.create(
            program=self.cast.program,
            output=self.output,
            title="Tonggak uji",
            owner=self.cast.partner_a,
            responsible=self.cast.staf_a,
            start_date=self.today - datetime.timedelta(days=10),
            due_date=self.today + datetime.timedelta(days=10),
            status="in_progress",
        )

    @cached_property
    def update(self):
        from roadmap.models import ProgressUpdate

        return ProgressUpdate.objects.create(
            milestone=self.milestone,
            author=self.cast.staf_a,
            state=ProgressUpdate.State.SUBMITTED,
            new_status="in_progress",
            progress=40,
            narrative="Laporan uji",
            submitted_at=timezone.now(),
        )

    @cached_property
    def evidence(self):
        from django.core.files.base import ContentFile

        from roadmap.models import Evidence

        evidence = Evidence(update=self.update, original_name="bukti.pdf", size=10)
        evidence.file.save("bukti.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        return evidence

    @cached_property
    def comment(self):
        from roadmap.models import Comment

        return Comment.objects.create(milestone=self.milestone, author=self.cast.staf_a, body="Komentar uji")

    @cached_property
    def revision(self):
        from roadmap.models import Revision

        return Revision.objects.create(
            program=self.cast.program,
            item_type="milestone",
            item_id=self.milestone.pk,
            item_label=self.milestone.title,
            field="due_date",
            old_value="2026-01-01",
            new_value="2026-02-01",
            reason="uji",
            actor=self.cast.fasilitator,
        )

    # ---- facilitation
    @cached_property
    def meeting(self):
        from facilitation.tests.factories import MeetingFactory

        return MeetingFactory(program=self.cast.program, created_by=self.cast.fasilitator)

    @cached_property
    def action_item(self):
        from facilitation.tests.factories import ActionItemFactory

        return ActionItemFactory(meeting=self.meeting, owner_partner=self.cast.partner_a)

    @cached_property
    def mediation(self):
        from facilitation.tests.factories import MediationCaseFactory

        return MediationCaseFactory(program=self.cast.program, parties=[self.cast.partner_a, self.cast.partner_b])

    @cached_property
    def resolved_mediation(self):
        from facilitation.tests.factories import MediationCaseFactory

        return MediationCaseFactory(
            program=self.cast.program,
            parties=[self.cast.partner_a, self.cast.partner_b],
            status="resolved",
            resolution="Biaya dibagi dua.",
            lessons_learnt="Sepakati pembagian biaya sejak awal.",
        )

    @cached_property
    def lesson(self):
        from facilitation.tests.factories import LessonFactory

        return LessonFactory(program=self.cast.program, published_by=self.cast.fasilitator)

    # ---- governance
    @cached_property
    def recommendation(self):
        from governance.tests.factories import RecommendationFactory

        return RecommendationFactory(program=self.cast.program, proposed_by=self.cast.fasilitator)

    # ---- reports
    @cached_property
    def export_job(self):
        """A finished program-report export requested by the program manager."""
        from django.core.files.base import ContentFile

        from reports.models import ExportJob

        job = ExportJob(
            requested_by=self.cast.manajer,
            kind=ExportJob.Kind.PROGRAM_XLSX,
            params={"program": self.cast.program.pk},
            status=ExportJob.Status.DONE,
            progress=100,
            file_name="laporan.xlsx",
        )
        job.file.save("laporan.xlsx", ContentFile(b"PK\x03\x04"), save=False)
        job.save()
        return job

    # ---- results
    @cached_property
    def indicator(self):
        from results.tests.factories import IndicatorFactory

        return IndicatorFactory(outcome=self.outcome, code="UJI-1", partners=[self.cast.partner_a])

    @cached_property
    def reporting_period(self):
        from results.actions import do_generate_periods

        do_generate_periods(self.cast.fasilitator, self.cast.program)
        return self.cast.program.reporting_periods.filter(start__lte=self.today).order_by("start").first()

    @cached_property
    def result(self):
        """A submitted result of partner A, with one evidence file."""
        from django.core.files.base import ContentFile

        from results.models import Result, ResultEvidence
        from results.tests.factories import ResultFactory

        result = ResultFactory(
            indicator=self.indicator,
            period=self.reporting_period,
            partner=self.cast.partner_a,
            author=self.cast.staf_a,
            state=Result.State.SUBMITTED,
            submitted_at=timezone.now(),
        )
        evidence = ResultEvidence(result=result, original_name="bukti.pdf")
        evidence.file.save("bukti.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        self.__dict__["result_evidence"] = evidence
        return result

    @cached_property
    def result_evidence(self):
        self.result  # noqa: B018 - creates the evidence with it
        return self.__dict__["result_evidence"]

    @cached_property
    def standard_indicator(self):
        from results.tests.factories import StandardIndicatorFactory

        return StandardIndicatorFactory()

    # ---- imports
    @cached_property
    def import_job(self):
        """A previewed road-map import uploaded by the program's facilitator (only they see it)."""
        from django.core.files.base import ContentFile

        from imports.models import ImportJob

        job = ImportJob(
            requested_by=self.cast.fasilitator,
            kind=ImportJob.Kind.ROADMAP,
            program=self.cast.program,
            status=ImportJob.Status.PREVIEWED,
            file_name="peta.csv",
            row_count=1,
            created=1,
        )
        job.file.save("peta.csv", ContentFile(b"Type,Code\noutcome,C1\n"), save=False)
        job.save()
        return job

    # ---- notifications
    @cached_property
    def notification(self):
        from notifications.tests.factories import NotificationFactory

        return NotificationFactory(user=self.cast.staf_a)


@pytest.fixture
def world(cast):
    return World(cast)
