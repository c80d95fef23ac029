"""What each endpoint returns. Read-only except the progress-report input, which is validated here and
written by roadmap.actions (the same action and review flow as the pages)."""

from django.urls import reverse
from rest_framework import serializers

from partners.models import Contribution, Organisation, Program, ProgramPartner
from results.models import Indicator, ReportingPeriod, Result
from roadmap.models import Milestone, MilestoneStatus, Outcome, Output, ProgressUpdate


class ProgramSerializer(serializers.ModelSerializer):
    provinces = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    partner_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "name",
            "goal",
            "description",
            "phase",
            "is_emergency",
            "start_date",
            "end_date",
            "provinces",
            "partner_count",
            "created_at",
            "updated_at",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(read_only=True, slug_field="code")
    # The official regency / city by its Kemendagri code (e.g. "53.71"), and its name.
    regency = serializers.SlugRelatedField(read_only=True, slug_field="code")
    regency_name = serializers.SerializerMethodField()

    def get_regency_name(self, organisation) -> str:
        return organisation.regency.name if organisation.regency_id else organisation.regency_name

    class Meta:
        model = Organisation
        fields = ["id", "name", "sector", "province", "regency", "regency_name", "description", "website", "created_at"]


class PartnerSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = ProgramPartner
        fields = [
            "id",
            "program",
            "organisation",
            "organisation_name",
            "role",
            "own_goals",
            "is_initial_funder",
            "joined_on",
            "endorsement_status",
            "endorsed_on",
        ]


class ContributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contribution
        fields = ["id", "partner", "kind", "description", "value_idr", "date", "created_at"]


# What an item measures is its indicators (`/indicators/`); `indicator_progress` is their roll-up.
ITEM_FIELDS = ["id", "statement", "order", "indicator_progress", "version"]


class OutcomeSerializer(serializers.ModelSerializer):
    partners = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Outcome
        fields = [*ITEM_FIELDS, "program", "partners"]


class OutputSerializer(serializers.ModelSerializer):
    partners = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Output
        fields = [*ITEM_FIELDS, "outcome", "partners"]


class MilestoneSerializer(serializers.ModelSerializer):
    depends_on = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "program",
            "output",
            "title",
            "description",
            "owner",
            "responsible",
            "start_date",
            "due_date",
            "status",
            "progress",
            "completed_on",
            "last_progress_at",
            "depends_on",
            "is_overdue",
            "version",
        ]


class ProgressUpdateSerializer(serializers.ModelSerializer):
    program = serializers.IntegerField(source="milestone.program_id", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "program",
            "milestone",
            "author",
            "state",
            "new_status",
            "progress",
            "narrative",
            "review_note",
            "created_at",
            "submitted_at",
            "reviewed_at",
        ]


class ProgressUpdateInputSerializer(serializers.Serializer):
    """A new progress report: saved as a draft, or submitted for review with submit=true."""

    new_status = serializers.ChoiceField(choices=MilestoneStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    narrative = serializers.CharField(max_length=10000)
    submit = serializers.BooleanField(default=False)


class HealthCellSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk")
    average = serializers.FloatField(source="avg", allow_null=True)
    responses = serializers.IntegerField(source="n")
    too_few = serializers.BooleanField(help_text="fewer answers than HEALTH_CHECK_MIN_RESPONDENTS: no average shown")
    rag = serializers.CharField(allow_null=True)
    change = serializers.FloatField(allow_null=True)


class HealthDimensionSerializer(serializers.Serializer):
    code = serializers.CharField(source="dimension.code")
    name = serializers.CharField(source="dimension.name")
    cells = HealthCellSerializer(many=True)
    fell = serializers.BooleanField()


class HealthRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    held_on = serializers.DateField()


class HealthSummarySerializer(serializers.Serializer):
    """Averages per dimension and round (assessments.selectors.health_comparison), never one person's answers;
    a round with fewer answers than settings.HEALTH_CHECK_MIN_RESPONDENTS shows no average."""

    rounds = HealthRoundSerializer(many=True)
    dimensions = HealthDimensionSerializer(many=True, source="rows")


class PortfolioProgramSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    phase = serializers.CharField()
    milestones_due = serializers.IntegerField(source="ms_total")
    milestones_done = serializers.IntegerField(source="ms_done")
    milestones_done_on_time = serializers.IntegerField(source="ms_on_time")
    milestones_overdue = serializers.IntegerField(source="ms_overdue")
    contribution_total_idr = serializers.DecimalField(source="contribution_total", max_digits=20, decimal_places=0)
    endorsements_missing = serializers.IntegerField()


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class MilestoneStatsSerializer(serializers.Serializer):
    due = serializers.IntegerField(source="ms_total")
    done = serializers.IntegerField(source="ms_done")
    done_on_time = serializers.IntegerField(source="ms_on_time")
    overdue = serializers.IntegerField(source="ms_overdue")
    completion_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class ProvinceFigureSerializer(serializers.Serializer):
    name = serializers.CharField()
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    completion_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class PortfolioSerializer(serializers.Serializer):
    """reports.selectors.build_portfolio, as numbers (labels are the client's business)."""

    period = PeriodSerializer()
    program_count = serializers.IntegerField()
    phases = serializers.SerializerMethodField()
    milestones = MilestoneStatsSerializer(source="stats")
    endorsements_missing = serializers.IntegerField()
    contribution_total_idr = serializers.DecimalField(source="contribution_total", max_digits=20, decimal_places=0)
    by_province = ProvinceFigureSerializer(many=True)
    programs_with_sustainability_plan = serializers.IntegerField(source="with_plan", allow_null=True)

    def get_phases(self, portfolio) -> dict[str, int]:
        return {value: count for value, _label, count in portfolio.phases}


class PortfolioQuerySerializer(serializers.Serializer):
    """The portfolio page's filters (reports.forms.PortfolioFilterForm); nothing chosen = this quarter."""

    period = serializers.ChoiceField(choices=["quarter", "semester", "year", "custom"], required=False)
    year = serializers.IntegerField(required=False)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
    semester = serializers.IntegerField(required=False, min_value=1, max_value=2)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    province = serializers.IntegerField(required=False, help_text="province id")
    sector = serializers.CharField(required=False)
    phase = serializers.CharField(required=False)
    facilitator = serializers.IntegerField(required=False, help_text="user id")


# --- Results (indicators and actuals) -------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    partners = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "program",
            "code",
            "name",
            "unit",
            "kind",
            "aggregation",
            "direction",
            "outcome",
            "output",
            "partner_goal",
            "baseline_value",
            "baseline_date",
            "baseline_text",
            "target_value",
            "target_text",
            "data_source",
            "partners",
            "order",
        ]


class ReportingPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "program", "label", "start", "end", "due_date"]


class BreakdownPartSerializer(serializers.Serializer):
    option = serializers.IntegerField(min_value=1, max_value=2**62)
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class BreakdownValueSerializer(serializers.Serializer):
    option = serializers.IntegerField(source="option_id")
    category = serializers.CharField(source="option.category.code")
    name = serializers.CharField(source="option.name")
    value = serializers.DecimalField(max_digits=14, decimal_places=2)


class ResultSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)
    breakdown = BreakdownValueSerializer(many=True, read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "indicator",
            "period",
            "partner",
            "kind",
            "value",
            "narrative",
            "state",
            "revision",
            "previous",
            "superseded",
            "author",
            "review_note",
            "created_at",
            "submitted_at",
            "reviewed_at",
            "breakdown",
        ]


class ResultInputSerializer(serializers.Serializer):
    """A partner's actual for one indicator and period: saved as a draft, or submitted with submit=true.
    `breakdown`: the parts of the total, [{"option": <breakdown option id>, "value": n}], checked as on the
    page (options of the indicator's breakdowns, parts adding up to no more than the total). Evidence
    files are added on the page."""

    value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    narrative = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(default=False)
    breakdown = BreakdownPartSerializer(many=True, required=False, default=list, max_length=200)


class ExportJobSerializer(serializers.Serializer):
    """A background export (reports.models.ExportJob): its status, and where to download it when ready."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    row_count = serializers.IntegerField()
    file_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    def _absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_url(self, job) -> str:
        return self._absolute(reverse("api:export_detail", args=[job.pk]))

    def get_page(self, job) -> str:
        return self._absolute(job.get_absolute_url())

    def get_download(self, job) -> str | None:
        if job.status != "done":
            return None
        return self._absolute(reverse("api:export_download", args=[job.pk]))
