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
from public.access import access_publication, can_publish, consenting_partner
from public.models import PublicPage
from public.selectors import (
    consent_state,
    latest_bulletin_period,
    program_data,
    program_listing,
    public_report,
    published_page,
    published_pages,
)
from public.share import public_url, whatsapp_link

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
                    "whatsapp_url": whatsapp_link(page.program.name, period.label, public_url(request, slug)),
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
