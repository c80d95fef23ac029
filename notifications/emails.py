"""Reminder emails: one per person per run (digest) or one per item, in the person's language."""

from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.kinds import kind_label
from notifications.registry import reminder_kinds


def clean_header(value, limit=200):
    """A header value with no line breaks or control characters (no header injection)."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return " ".join(text.split())[:limit]


def absolute_url(url):
    if not url:
        return settings.SITE_URL.rstrip("/") + "/"
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def recipient(user):
    name = clean_header(user.get_full_name() or user.username, 100)
    return formataddr((name, clean_header(user.email, 254)))


def group_items(rows):
    """[(kind label, [rows])] in a stable, meaningful order: reminder kinds in rule order, then the rest."""
    order = {kind: index for index, kind in enumerate(reminder_kinds())}
    groups = {}
    for row in sorted(
        rows, key=lambda r: (order.get(r.kind, len(order)), r.kind, r.due_date or r.created_at.date(), r.pk or 0)
    ):
        groups.setdefault(row.kind, []).append(row)
    return [(kind_label(kind), items) for kind, items in groups.items()]


_link_cache = {}


def _links():
    """The footer links, reversed once per SITE_URL (a sweep renders thousands of emails)."""
    if settings.SITE_URL not in _link_cache:
        _link_cache[settings.SITE_URL] = {
            "notifications": absolute_url(reverse("notifications:list")),
            "preferences": absolute_url(reverse("notifications:preferences")),
        }
    return _link_cache[settings.SITE_URL]


def _message(user, subject, template, context):
    context = {
        **context,
        "user": user,
        "site_url": settings.SITE_URL.rstrip("/"),
        "notifications_url": _links()["notifications"],
        "preferences_url": _links()["preferences"],
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=clean_header(subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient(user)],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _item(row):
    row.link = absolute_url(row.url)
    row.kind_text = kind_label(row.kind)
    return row


def digest_message(user, rows):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        items = [_item(row) for row in rows]
        count = len(items)
        subject = ngettext("Kemitraan: %(count)d reminder", "Kemitraan: %(count)d reminders", count) % {"count": count}
        return _message(user, subject, "digest", {"groups": group_items(items), "count": count})


def single_message(user, row):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        item = _item(row)
        subject = _("Kemitraan: %(kind)s — %(label)s") % {"kind": item.kind_text, "label": item.label}
        return _message(user, subject, "single", {"item": item})


def weekly_message(user, rows, unread, more):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        items = [_item(row) for row in rows]
        subject = _("Kemitraan: your weekly digest")
        return _message(user, subject, "weekly", {"groups": group_items(items), "unread": unread, "more": more})
