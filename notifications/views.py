from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import safe_redirect
from notifications import actions
from notifications.access import access_notification
from notifications.forms import PreferenceForm
from notifications.models import Notification, preference_for

PAGE_SIZE = 30


@login_required
def notification_list(request):
    queryset = Notification.objects.filter(user=request.user).only(
        "pk", "kind", "label", "message", "url", "created_at", "read_at"
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


def _back(request):
    return safe_redirect(request, request.POST.get("next", ""), "notifications:list")


@login_required
@require_POST
def mark_read(request, pk):
    notification = access_notification(request.user, pk)
    actions.do_mark_read(request.user, notification)
    if request.POST.get("open"):
        return safe_redirect(request, notification.url, "notifications:list")
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    count = actions.do_mark_all_read(request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return _back(request)


@login_required
def preferences(request):
    current = preference_for(request.user)
    initial = {"email": current.email, "weekly_digest": current.weekly_digest, "muted_kinds": current.muted_kinds}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_update_preferences(request.user, **form.cleaned_data)
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
