"""Public pages: open to everyone, without login and without a session.

Each response is built from plain values (public.selectors), cached across processes
(public.pagecache), and sent with an ETag so a phone on 3G revalidates with a 304. `no-cache`
makes every client ask again, so a withdrawn agreement takes the page down at once.
"""

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from public import actions, pagecache
from public.access import access_publication, access_recipient, can_publish, consenting_partner
from public.forms import BulletinScheduleForm, RecipientForm
from public.models import BulletinRecipient, BulletinSchedule, PublicPage
from public.pack import meetings_in_period, render_pack
from public.selectors import (
    consent_state,
    distribution_list,
    latest_bulletin_period,
    program_data,
    program_listing,
    public_report,
    published_page,
    published_pages,
)
from public.share import bulletin_share_url
from public.tokens import recipient_id_from
from reports.access import access_program_report
from reports.exports import export_filename
from reports.forms import PeriodForm
from reports.selectors import build_program_report

LANGUAGES = ("id", "en")


def _language(request):
    lang = request.GET.get("lang")
    return lang if lang in LANGUAGES else (translation.get_language() or "id")[:2]


def _public_response(request, body, content_type="text/html; charset=utf-8"):
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, public=True, no_cache=True, max_age=0)
    response["Vary"] = "Accept-Language"
    return response


@require_GET
def index(request):
    lang = _language(request)
    with translation.override(lang):

        def build():
            return render_to_string("public/index.html", {"programs": program_listing(), "lang": lang})

        body = pagecache.cached(("index", lang), build)
    return _public_response(request, body)


@require_GET
def program(request, slug):
    page = published_page(slug)
    if page is None:
        raise Http404
    lang = _language(request)
    with translation.override(lang):

        def build():
            return render_to_string("public/program.html", {"data": program_data(page), "lang": lang})

        body = pagecache.cached(("program", slug, lang), build)
    return _public_response(request, body)


@require_GET
def program_json(request, slug):
    page = published_page(slug)
    if page is None:
        raise Http404
    lang = _language(request)
    with translation.override(lang):
        body = pagecache.cached(("json", slug, lang), lambda: json.dumps(program_data(page), ensure_ascii=False))
    return _public_response(request, body, "application/json")


@require_GET
def bulletin(request, slug):
    page = published_page(slug)
    if page is None:
        raise Http404
    lang = _language(request)
    with translation.override(lang):

        def build():
            period = latest_bulletin_period()
            report = public_report(page.program, period)
            return render_to_string(
                "reports/program_pdf.html",
                {
                    "report": report,
                    "program": page.program,
                    "period": period,
                    "generated": timezone.localtime(),
                    "whatsapp_url": bulletin_share_url(page.program.name, period.label, slug),
                },
            )

        body = pagecache.cached(("bulletin", slug, lang), build)
    return _public_response(request, body)


@login_required
def publication(request, pk):
    program = access_publication(request.user, pk)
    page = PublicPage.objects.filter(program=program).first()
    membership = program.membership
    return render(
        request,
        "public/publication.html",
        {
            "program": program,
            "page": page,
            "is_live": published_pages().filter(program=program).exists(),
            "partners": consent_state(program),
            "can_publish": can_publish(request.user, program),
            "my_partner_id": membership.partner_id if membership is not None and membership.is_lead else None,
            "schedule_form": BulletinScheduleForm(instance=BulletinSchedule.objects.filter(program=program).first()),
            "recipient_form": RecipientForm(program=program),
            "recipients": distribution_list(program),
        },
    )


@login_required
@require_POST
def publish(request, pk):
    program = access_publication(request.user, pk, write=True)
    if request.POST.get("publish") == "1":
        actions.do_publish_program(request.user, program)
        messages.success(request, _("The program is published. Its page is public once every partner has agreed."))
    else:
        actions.do_unpublish_program(request.user, program)
        messages.success(request, _("The public page is taken down."))
    return redirect("public:publication", pk=program.pk)


@login_required
@require_POST
def consent(request, pk):
    program = access_publication(request.user, pk)
    partner = consenting_partner(request.user, program)
    if request.POST.get("agree") == "1":
        actions.do_agree_public_page(request.user, partner)
        messages.success(request, _("Your organisation agrees to the public page."))
    else:
        actions.do_withdraw_public_consent(request.user, partner)
        messages.success(request, _("Agreement withdrawn: the public page is offline."))
    return redirect("public:publication", pk=program.pk)


# --- The bulletin: schedule, distribution list, unsubscribe, printable pack ---------------------


@login_required
@require_POST
def bulletin_schedule(request, pk):
    program = access_publication(request.user, pk, write=True)
    form = BulletinScheduleForm(request.POST, instance=BulletinSchedule.objects.filter(program=program).first())
    if form.is_valid():
        actions.do_set_bulletin_schedule(request.user, program, **form.cleaned_data)
        messages.success(request, _("Bulletin schedule saved."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("public:publication", pk=program.pk)


@login_required
@require_POST
def recipient_add(request, pk):
    program = access_publication(request.user, pk, write=True)
    form = RecipientForm(request.POST, program=program)
    if form.is_valid():
        actions.do_add_recipient(request.user, program, **form.cleaned_data)
        messages.success(request, _("Added to the distribution list."))
    else:
        messages.error(request, _("Give a name and a valid email address."))
    return redirect("public:publication", pk=program.pk)


@login_required
@require_POST
def partner_contacts_add(request, pk):
    program = access_publication(request.user, pk, write=True)
    added = actions.do_add_partner_contacts(request.user, program)
    messages.success(request, _("%(n)s partner contacts added.") % {"n": added})
    return redirect("public:publication", pk=program.pk)


@login_required
@require_POST
def recipient_remove(request, pk):
    recipient = access_recipient(request.user, pk, write=True)
    actions.do_remove_recipient(request.user, recipient)
    messages.success(request, _("Removed from the distribution list."))
    return redirect("public:publication", pk=recipient.program_id)


def unsubscribe(request, token):
    """One signed link per recipient (in every bulletin email); GET asks, POST unsubscribes."""
    found = recipient_id_from(token)
    recipient = None
    if found is not None:
        recipient = BulletinRecipient.objects.select_related("program").filter(pk=found[0]).first()
    if recipient is None or recipient.email.lower() != found[1]:
        raise Http404
    done = recipient.unsubscribed_at is not None
    if request.method == "POST":
        actions.do_unsubscribe(recipient)
        done = True
    context = {"done": done, "program_name": recipient.program.name, "lang": _language(request)}
    return render(request, "public/unsubscribe.html", context)


@login_required
def bulletin_pack(request, pk):
    """The period's bulletin and the minutes of its meetings, in one PDF, to print and carry."""
    program = access_program_report(request.user, pk)  # sets hide_individual_scores for this reader
    form = PeriodForm(request.GET)
    if not form.is_usable():
        raise Http404
    period = form.period_or_default()
    report = build_program_report(program, period, hide_individual_scores=program.hide_individual_scores)
    meetings = meetings_in_period(program, period)
    response = HttpResponse(render_pack(report, meetings), content_type="application/pdf")
    name = export_filename(program.name, "pack", period.start, period.end)
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
