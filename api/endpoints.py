"""The REST API, /api/v1/. Thin views: access (the pages' own rules) -> serializer -> action.

Every program-scoped list first calls partners.access.access_program, so an outsider gets 404 and
sees nothing; writes call roadmap.access with report/write, so a read-only role gets 403.
"""

from django.conf import settings
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters, serializers
from api.access import program_updates
from assessments.access import access_assessment_program
from assessments.selectors import health_comparison
from core.forms import as_id
from core.uploads import serve_private_file
from partners.access import access_organisation, access_program, visible_organisations, visible_programs
from partners.models import Contribution, Organisation, Program, ProgramPartner
from reports import actions as reports_actions
from reports import sources
from reports.access import access_export_job, portfolio_programs
from reports.exports import csv_response, xlsx_response
from reports.forms import PortfolioFilterForm
from reports.models import ExportJob
from reports.results_tables import RESULTS_KEYS
from reports.selectors import build_portfolio, portfolio_program_rows
from results import actions as results_actions
from results.access import access_report_slot, access_result, access_results
from results.models import BreakdownOption, BreakdownValue, Indicator, ReportingPeriod, Result
from roadmap import actions as roadmap_actions
from roadmap.access import access_milestone, access_update
from roadmap.models import Milestone, Outcome, Output, ProgressUpdate

# --- Programs and organisations ------------------------------------------------------------------


class ProgramList(generics.ListAPIView):
    """The programs the user belongs to (admins: all), as on the programs page."""

    serializer_class = serializers.ProgramSerializer
    filterset_class = filters.ProgramFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Program.objects.none()
        return (
            visible_programs(self.request.user)
            .annotate(partner_count=Count("partners", distinct=True))
            .prefetch_related("provinces")
            .order_by("name", "pk")
        )


class ProgramDetail(generics.RetrieveAPIView):
    serializer_class = serializers.ProgramSerializer

    def get_object(self):
        program = access_program(self.request.user, self.kwargs["pk"])
        program.partner_count = program.partners.count()
        return program


class OrganisationList(generics.ListAPIView):
    """The organisation directory as the page shows it to this user."""

    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Organisation.objects.none()
        return visible_organisations(self.request.user).select_related("province", "regency").order_by("name", "pk")


class OrganisationDetail(generics.RetrieveAPIView):
    serializer_class = serializers.OrganisationSerializer

    def get_object(self):
        return access_organisation(self.request.user, self.kwargs["pk"])


class ProgramScoped:
    """A list inside one program: 404 for anyone who is not in it."""

    def get_program(self):
        if not hasattr(self, "_program"):
            self._program = access_program(self.request.user, self.kwargs["pk"])
        return self._program


class PartnerList(ProgramScoped, generics.ListAPIView):
    serializer_class = serializers.PartnerSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ProgramPartner.objects.none()
        program = self.get_program()
        return ProgramPartner.objects.filter(program=program).select_related("organisation").order_by("pk")


class ContributionList(ProgramScoped, generics.ListAPIView):
    serializer_class = serializers.ContributionSerializer
    filterset_class = filters.ContributionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Contribution.objects.none()
        program = self.get_program()
        return Contribution.objects.filter(partner__program=program).order_by("-date", "-pk")


# --- Road map -------------------------------------------------------------------------------------


class OutcomeList(ProgramScoped, generics.ListAPIView):
    serializer_class = serializers.OutcomeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Outcome.objects.none()
        program = self.get_program()
        return Outcome.objects.filter(program=program).prefetch_related("partners").order_by("order", "pk")


class OutputList(ProgramScoped, generics.ListAPIView):
    serializer_class = serializers.OutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Output.objects.none()
        program = self.get_program()
        return (
            Output.objects.filter(outcome__program=program)
            .prefetch_related("partners")
            .order_by("outcome__order", "outcome_id", "order", "pk")
        )


MILESTONE_PREFETCH = Prefetch("depends_on", queryset=Milestone.objects.only("pk"))


class MilestoneList(ProgramScoped, generics.ListAPIView):
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Milestone.objects.none()
        program = self.get_program()
        return Milestone.objects.filter(program=program).prefetch_related(MILESTONE_PREFETCH).order_by("due_date", "pk")


class MilestoneDetail(generics.RetrieveAPIView):
    serializer_class = serializers.MilestoneSerializer

    def get_object(self):
        return access_milestone(self.request.user, self.kwargs["pk"])


# --- Progress reports -----------------------------------------------------------------------------


class ProgressUpdateList(ProgramScoped, generics.ListAPIView):
    """The program's progress reports; drafts only for those who may report on the milestone."""

    serializer_class = serializers.ProgressUpdateSerializer
    filterset_class = filters.ProgressUpdateFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ProgressUpdate.objects.none()
        program = self.get_program()
        return (
            program_updates(self.request.user, program)
            .select_related("milestone", "author")
            .order_by("-created_at", "-pk")
        )


class ProgressUpdateDetail(generics.RetrieveAPIView):
    serializer_class = serializers.ProgressUpdateSerializer

    def get_object(self):
        return access_update(self.request.user, self.kwargs["pk"])


class ProgressUpdateCreate(APIView):
    """Write a progress report on a milestone (draft, or submitted for the facilitator's review).

    Errors from roadmap.actions (a Django ValidationError) become a 400 in api.errors."""

    @extend_schema(
        request=serializers.ProgressUpdateInputSerializer,
        responses={201: serializers.ProgressUpdateSerializer},
    )
    def post(self, request, pk):
        milestone = access_milestone(request.user, pk, report=True)
        data = serializers.ProgressUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        update = roadmap_actions.do_save_update(
            request.user,
            milestone,
            new_status=values["new_status"],
            progress=values["progress"],
            narrative=values["narrative"],
            submit=values["submit"],
        )
        body = serializers.ProgressUpdateSerializer(update).data
        return Response(body, status=status.HTTP_201_CREATED)


class ProgressUpdateSubmit(APIView):
    """Submit a draft (or returned) progress report for review."""

    @extend_schema(request=None, responses={200: serializers.ProgressUpdateSerializer})
    def post(self, request, pk):
        update = access_update(request.user, pk, write=True)
        roadmap_actions.do_submit_update(request.user, update)
        return Response(serializers.ProgressUpdateSerializer(update).data)


# --- Health checks and the portfolio --------------------------------------------------------------


class HealthSummary(APIView):
    """Health-check averages per dimension and round (never one respondent's answers)."""

    @extend_schema(responses={200: serializers.HealthSummarySerializer})
    def get(self, request, pk):
        program = access_assessment_program(request.user, pk)
        return Response(serializers.HealthSummarySerializer(health_comparison(program)).data)


ID_PARAMS = ("province", "facilitator")


def _portfolio_form(request):
    """The portfolio page's own filter form, over the user's portfolio (403 for partner people)."""
    programs = portfolio_programs(request.user)
    for name in ID_PARAMS:
        value = request.query_params.get(name, "")
        if value and not as_id(value):
            raise ValidationError({name: [_("Select a valid choice.")]})
    form = PortfolioFilterForm(request.query_params, programs=programs)
    if not form.is_usable():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form.filter_programs(programs), form.period_or_default()


class PortfolioSummary(APIView):
    """The portfolio figures for a period (the same selectors as the portfolio page)."""

    @extend_schema(parameters=[serializers.PortfolioQuerySerializer], responses={200: serializers.PortfolioSerializer})
    def get(self, request):
        programs, period = _portfolio_form(request)
        return Response(serializers.PortfolioSerializer(build_portfolio(programs, period)).data)


@extend_schema(parameters=[serializers.PortfolioQuerySerializer])
class PortfolioPrograms(generics.ListAPIView):
    """One row per program of the portfolio, for the period (the drill-down table of the page)."""

    serializer_class = serializers.PortfolioProgramSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Program.objects.none()
        programs, period = _portfolio_form(self.request)
        return portfolio_program_rows(programs, period)


# --- Exports: a report table as a file, or a background job when it is long ------------------------

EXPORT_FORMATS = ("csv", "xlsx")


class TableExport(APIView):
    """One table of a program report, the IPTT (`iptt`, `breakdowns`) or the portfolio, as CSV or Excel,
    filtered by the page's own query parameters.

    The rule of the pages (reports.views._send_table): the rows are counted first; up to
    EXPORT_INLINE_MAX_ROWS the file is the response (200); above it the file is written by the
    worker and the answer is 202 with the job (`url` to poll, `download` once `status` is `done`).
    """

    @extend_schema(responses={200: OpenApiTypes.BINARY, 202: serializers.ExportJobSerializer})
    def get(self, request, table, fmt, pk=None):
        if fmt not in EXPORT_FORMATS:
            raise NotFound
        if pk is None:
            source_kind = sources.PORTFOLIO
        else:
            source_kind = sources.RESULTS if table in RESULTS_KEYS else sources.PROGRAM
        source = sources.export_source(request.user, source_kind, pk, request.query_params)
        if source.tables is None:
            raise ValidationError({"detail": [source.error]})
        found = sources.find_table(source, table)
        if found is None:
            raise NotFound
        if found.row_count() > settings.EXPORT_INLINE_MAX_ROWS:
            params = sources.table_job_params(
                source_kind, pk, found, source, request.query_params, request.get_full_path()
            )
            kind = ExportJob.Kind.TABLE_XLSX if fmt == "xlsx" else ExportJob.Kind.TABLE_CSV
            job = reports_actions.do_request_table_export(request.user, kind, params)
            body = serializers.ExportJobSerializer(job, context={"request": request}).data
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})
        filename = sources.table_file_name(source, found)
        if fmt == "csv":
            return csv_response(found, filename)
        return xlsx_response([found], filename, heading=sources.table_heading(source))


class ExportJobDetail(APIView):
    """A background export asked for by the caller (anyone else's: 404)."""

    @extend_schema(responses={200: serializers.ExportJobSerializer})
    def get(self, request, pk):
        job = access_export_job(request.user, pk)
        return Response(serializers.ExportJobSerializer(job, context={"request": request}).data)


class ExportJobDownload(APIView):
    """The file of a finished export (404 until it is ready, and for anyone but the requester)."""

    @extend_schema(responses={200: OpenApiTypes.BINARY})
    def get(self, request, pk):
        job = access_export_job(request.user, pk)
        if job.status != ExportJob.Status.DONE:
            raise NotFound
        return serve_private_file(job.file, job.file_name)


# --- Results: indicators, reporting periods, actuals ----------------------------------------------


class IndicatorList(generics.ListAPIView):
    """The program's indicators (results.access.access_results: members read, outsiders 404)."""

    serializer_class = serializers.IndicatorSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Indicator.objects.none()
        program = access_results(self.request.user, self.kwargs["pk"])
        return Indicator.objects.filter(program=program).prefetch_related("partners").order_by("order", "code", "pk")


class ReportingPeriodList(generics.ListAPIView):
    serializer_class = serializers.ReportingPeriodSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ReportingPeriod.objects.none()
        program = access_results(self.request.user, self.kwargs["pk"])
        return ReportingPeriod.objects.filter(program=program).order_by("start", "pk")


BREAKDOWN = Prefetch("breakdown", queryset=BreakdownValue.objects.select_related("option__category").order_by("pk"))


class ResultList(generics.ListAPIView):
    """The program's reported actuals, every revision (as the result pages show them to members)."""

    serializer_class = serializers.ResultSerializer
    filterset_class = filters.ResultFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Result.objects.none()
        program = access_results(self.request.user, self.kwargs["pk"])
        return (
            Result.objects.filter(indicator__program=program)
            .select_related("author")
            .prefetch_related(BREAKDOWN)
            .order_by("period__start", "pk")
        )


class ResultDetail(generics.RetrieveAPIView):
    serializer_class = serializers.ResultSerializer

    def get_object(self):
        result = access_result(self.request.user, self.kwargs["pk"])
        prefetch_related_objects([result], BREAKDOWN)
        return result


def _breakdown(parts):
    """[{"option": id, "value": n}] -> {BreakdownOption: n}; an unknown option is a 400 on `breakdown`."""
    ids = [part["option"] for part in parts]
    if len(set(ids)) != len(ids):
        raise ValidationError({"breakdown": [_("Each breakdown part may be given once.")]})
    options = BreakdownOption.objects.select_related("category").in_bulk(ids)
    if len(options) != len(set(ids)):
        raise ValidationError({"breakdown": [_("Choose breakdown parts of this indicator.")]})
    return {options[part["option"]]: part["value"] for part in parts}


class ResultCreate(APIView):
    """Report an actual for one indicator and period, for the user's own organisation (a responsible
    partner): results.actions.do_report_result, the same flow and review as the page."""

    @extend_schema(request=serializers.ResultInputSerializer, responses={201: serializers.ResultSerializer})
    def post(self, request, pk, period_pk):
        indicator, period = access_report_slot(request.user, pk, period_pk)
        data = serializers.ResultInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = results_actions.do_report_result(
            request.user,
            indicator,
            period,
            indicator.membership.partner,
            value=values.get("value"),
            narrative=values["narrative"],
            breakdown=_breakdown(values["breakdown"]),
            submit=values["submit"],
        )
        return Response(serializers.ResultSerializer(result).data, status=status.HTTP_201_CREATED)
