from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import AlreadySubmittedError
from core.http import already_saved
from core.uploads import serve_private_file
from reports import sources
from reports.access import access_export_job
from reports.actions import do_request_export, do_request_table_export
from reports.charts import burn_up_chart, partner_chart, province_chart
from reports.exports import csv_response, xlsx_response
from reports.forms import ExportRequestForm, PeriodForm
from reports.models import ExportJob
from reports.selectors import with_rates
from reports.sources import (
    PORTFOLIO,
    PROGRAM,
    RESULTS,
    export_source,
    find_table,
    table_file_name,
    table_heading,
    table_job_params,
)
from results.selectors import furthest_off_target, portfolio_lines, portfolio_rows, program_rows

FORMATS = ("csv", "xlsx")
PROGRAMS_PER_PAGE = 50


@login_required
def program_report(request, pk):
    program, form, report = sources.program_report(request.user, pk, request.GET)
    context = {"program": program, "form": form, "report": report, "query": request.GET.urlencode()}
    if report is not None:
        burn = report.burn_up
        context["charts"] = {"burn_up": burn_up_chart(burn), "partners": partner_chart(report.partners)}
        context["burn_up_rows"] = list(zip(burn["labels"], burn["planned"], burn["completed"], strict=True))
        context["export_form"] = ExportRequestForm(scope="program")
        # The table shows only the indicators' own fields: no "what it measures" joins (issue 19).
        context["results_rows"] = program_rows(program, related=False)[0]
    return render(request, "reports/program_report.html", context)


@login_required
def portfolio(request):
    form, portfolio, rows = sources.portfolio(request.user, request.GET)
    context = {"form": form, "portfolio": portfolio}
    if portfolio is not None:
        page = Paginator(rows, PROGRAMS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = [with_rates(p) for p in page.object_list]
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            page=page,
            query=query.urlencode(),
            period_query=_period_query(request.GET),
            province_chart=province_chart(portfolio.by_province),
            export_form=ExportRequestForm(scope="portfolio"),
        )
        # One read of the programs' indicator rows for both results panels (issue 19).
        program_ids = list(portfolio.programs.values_list("pk", flat=True))
        indicator_rows = portfolio_rows(program_ids)
        context.update(
            results_lines=portfolio_lines(program_ids, rows=indicator_rows),
            results_furthest=furthest_off_target(program_ids, rows=indicator_rows),
        )
    return render(request, "reports/portfolio.html", context)


def _period_query(params):
    """The period part of the portfolio filters, carried into the drill-down links."""
    kept = params.copy()
    for name in list(kept):
        if name not in PeriodForm.base_fields:
            del kept[name]
    return kept.urlencode()


def _send_table(request, source_kind, pk, key, fmt):
    """A table as CSV or Excel: at once when it is short, else as a background job.

    The rows are counted first (one COUNT query for the milestone list); above
    EXPORT_INLINE_MAX_ROWS the file is always written by the worker, never inside this request.
    """
    if fmt not in FORMATS:
        raise Http404
    source = export_source(request.user, source_kind, pk, request.GET)
    if source.tables is None:
        messages.error(request, source.error)
        return redirect(source.back_url)
    table = find_table(source, key)
    if table is None:
        raise Http404
    rows = table.row_count()
    if not rows:
        messages.info(request, _("There is no data to export for this table and period."))
        return redirect(source.back_url)
    if rows > settings.EXPORT_INLINE_MAX_ROWS:
        return _table_job(request, source_kind, pk, table, fmt, source)
    filename = table_file_name(source, table)
    if fmt == "csv":
        return csv_response(table, filename)
    return xlsx_response([table], filename, heading=table_heading(source))


def _table_job(request, source_kind, pk, table, fmt, source):
    params = table_job_params(source_kind, pk, table, source, request.GET, request.get_full_path())
    kind = ExportJob.Kind.TABLE_XLSX if fmt == "xlsx" else ExportJob.Kind.TABLE_CSV
    job = do_request_table_export(request.user, kind, params)
    messages.info(request, _("This table is long, so its file is prepared in the background."))
    return _export_requested(request, job)


@login_required
def program_export(request, pk, table, fmt):
    return _send_table(request, PROGRAM, pk, table, fmt)


@login_required
def portfolio_export(request, table, fmt):
    return _send_table(request, PORTFOLIO, None, table, fmt)


@login_required
def results_export(request, pk, table, fmt):
    """The IPTT or the breakdown table, as CSV or Excel, with the IPTT page's filters (its query string)."""
    return _send_table(request, RESULTS, pk, table, fmt)


@login_required
@require_POST
def program_export_job(request, pk):
    program, form, report = sources.program_report(request.user, pk, request.GET)
    choice = ExportRequestForm(request.POST, scope="program")
    if report is None or not choice.is_valid():
        messages.error(request, _("The export could not be started: check the period and the export type."))
        return redirect(f"{reverse('reports:program', args=[program.pk])}?{request.GET.urlencode()}")
    params = {
        "program": program.pk,
        "hide_scores": program.hide_individual_scores,
        "language": get_language(),
        **report.period.as_params(),
    }
    try:
        job = do_request_export(request.user, choice.cleaned_data["kind"], params, form_token=choice.submit_token)
    except AlreadySubmittedError as replay:
        return already_saved(request, replay)
    return _export_requested(request, job)


@login_required
@require_POST
def portfolio_export_job(request):
    form, portfolio, rows = sources.portfolio(request.user, request.GET)
    choice = ExportRequestForm(request.POST, scope="portfolio")
    if portfolio is None or not choice.is_valid():
        messages.error(request, _("The export could not be started: check the filters and the export type."))
        return redirect(f"{reverse('reports:portfolio')}?{request.GET.urlencode()}")
    params = {
        "programs": list(portfolio.programs.values_list("pk", flat=True)),
        "language": get_language(),
        **portfolio.period.as_params(),
    }
    try:
        job = do_request_export(request.user, choice.cleaned_data["kind"], params, form_token=choice.submit_token)
    except AlreadySubmittedError as replay:
        return already_saved(request, replay)
    return _export_requested(request, job)


def _export_requested(request, job):
    if getattr(job.enqueued, "sent", None) is False:
        messages.warning(
            request,
            _(
                "The export is saved, but the job queue is not available right now. "
                "It will start by itself when the queue is back."
            ),
        )
    return redirect("reports:export_detail", pk=job.pk)


@login_required
def export_list(request):
    jobs = ExportJob.objects.filter(requested_by=request.user)[:50]
    return render(request, "reports/export_list.html", {"jobs": jobs})


@login_required
def export_detail(request, pk):
    job = access_export_job(request.user, pk)
    return render(request, "reports/export_detail.html", {"job": job})


@login_required
def export_status(request, pk):
    """The progress fragment htmx polls every two seconds until the job is finished."""
    job = access_export_job(request.user, pk)
    return render(request, "reports/_export_status.html", {"job": job})


@login_required
def export_download(request, pk):
    job = access_export_job(request.user, pk)
    if job.status != ExportJob.Status.DONE:
        raise Http404
    return serve_private_file(job.file, job.file_name)
