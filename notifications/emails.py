"""Reminder emails: one per person per run (digest) or one per item, in the person's language.

The digest and single-item emails of the sweep are built without the template engine: a sweep over a
national backlog sends tens of thousands of them, and two template renders per email cost more than
everything else the sweep does (issue 19). Every translated piece is looked up once per language
(`_texts`) and a due date is formatted once per language and date; the bodies are then plain
string joins, with every value HTML-escaped in the HTML part. The weekly digest (once a week, one
email per person) still uses its templates.
"""

from email.utils import formataddr
from html import escape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
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


def display_name(user):
    return user.get_full_name() or user.username


def recipient(user):
    name = clean_header(display_name(user), 100)
    return formataddr((name, clean_header(user.email, 254)))


def group_items(rows):
    """[(kind label, [rows])] in a stable, meaningful order: reminder kinds in rule order, then the rest."""
    return [(kind_label(kind), items) for kind, items in _groups(rows)]


_link_cache = {}


def _links():
    """The footer links, reversed once per SITE_URL (a sweep renders thousands of emails)."""
    if settings.SITE_URL not in _link_cache:
        _link_cache[settings.SITE_URL] = {
            "notifications": absolute_url(reverse("notifications:list")),
            "preferences": absolute_url(reverse("notifications:preferences")),
        }
    return _link_cache[settings.SITE_URL]


def _message(user, subject, text, html):
    message = EmailMultiAlternatives(
        subject=clean_header(subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient(user)],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _rendered(user, subject, template, context):
    context = {
        **context,
        "user": user,
        "site_url": settings.SITE_URL.rstrip("/"),
        "notifications_url": _links()["notifications"],
        "preferences_url": _links()["preferences"],
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    return _message(user, subject, text, html)


# --- the sweep's emails, without the template engine --------------------------------------------

_HTML_HEAD = (
    '<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>Kemitraan</title></head>\n'
    '<body style="font-family: Arial, sans-serif; color: #212529; max-width: 640px;">\n'
)
_HTML_FOOT = "</body></html>\n"


class _Texts:
    """Everything translated that a digest or single email says, for one language, looked up once."""

    def __init__(self, language):
        self.language = language
        with translation.override(language):
            self.hello = _("Hello %(name)s,")
            self.due = _("due")
            self.all_notifications = _("All your notifications")
            self.all_notifications_colon = _("All your notifications:")
            self.change = _("Change how you receive these emails")
            self.change_colon = _("Change how you receive these emails:")
            self.single_subject = _("Kemitraan: %(kind)s — %(label)s")
        self._kinds = {}
        self._dates = {}
        self._counts = {}

    def kind(self, kind):
        if kind not in self._kinds:
            with translation.override(self.language):
                self._kinds[kind] = str(kind_label(kind))
        return self._kinds[kind]

    def date(self, value):
        if value not in self._dates:
            with translation.override(self.language):
                self._dates[value] = formats.date_format(value)
        return self._dates[value]

    def counts(self, count):
        """(subject, "You have N reminders" line) for a digest of `count` items."""
        if count not in self._counts:
            with translation.override(self.language):
                self._counts[count] = (
                    ngettext("Kemitraan: %(count)d reminder", "Kemitraan: %(count)d reminders", count)
                    % {"count": count},
                    ngettext(
                        "You have %(count)s reminder from Kemitraan:",
                        "You have %(count)s reminders from Kemitraan:",
                        count,
                    )
                    % {"count": count},
                )
        return self._counts[count]

    def due_suffix(self, due_date):
        return f" ({self.due} {self.date(due_date)})" if due_date else ""


_texts_cache = {}


def _texts(user):
    language = user.language or settings.LANGUAGE_CODE
    if language not in _texts_cache:
        _texts_cache[language] = _Texts(language)
    return _texts_cache[language]


def _item_line(texts, row):
    """(text lines, html <li>) of one item."""
    link = absolute_url(row.url)
    due = texts.due_suffix(row.due_date)
    text = f"- {row.label}{due}\n  {link}\n"
    html = f'<li><a href="{escape(link)}">{escape(row.label)}</a>{escape(due)}</li>\n'
    return text, html


def digest_message(user, rows):
    """One email gathering all of a person's items, grouped by kind in rule order."""
    texts = _texts(user)
    links = _links()
    name = display_name(user)
    subject, count_line = texts.counts(len(rows))
    greeting = texts.hello % {"name": name}
    text = [greeting, "\n\n", count_line, "\n"]
    html = [
        _HTML_HEAD.format(lang=escape(texts.language)),
        f"<p>{texts.hello % {'name': escape(name)}}</p>\n<p>{escape(count_line)}</p>\n",
    ]
    for kind, items in _groups(rows):
        label = texts.kind(kind)
        text.append(f"\n{label}\n")
        html.append(f'<h3 style="font-size: 16px; margin-bottom: 4px;">{escape(label)}</h3>\n<ul>\n')
        for row in items:
            line, li = _item_line(texts, row)
            text.append(line)
            html.append(li)
        html.append("</ul>\n")
    text.append(
        f"\n{texts.all_notifications_colon} {links['notifications']}\n{texts.change_colon} {links['preferences']}\n"
    )
    html.append(
        f'<p><a href="{escape(links["notifications"])}">{escape(texts.all_notifications)}</a> · '
        f'<a href="{escape(links["preferences"])}">{escape(texts.change)}</a></p>\n'
    )
    html.append(_HTML_FOOT)
    return _message(user, subject, "".join(text), "".join(html))


def single_message(user, row):
    """One email for one item (people who chose immediate emails)."""
    texts = _texts(user)
    links = _links()
    name = display_name(user)
    kind = texts.kind(row.kind)
    link = absolute_url(row.url)
    due = texts.due_suffix(row.due_date)
    subject = texts.single_subject % {"kind": kind, "label": row.label}
    text = f"{texts.hello % {'name': name}}\n\n{kind}: {row.label}{due}\n"
    if row.message:
        text += f"\n{row.message}\n"
    text += f"\n{link}\n\n{texts.change_colon} {links['preferences']}\n"
    message_html = ""
    if row.message:
        message_html = "<p>" + "<br>".join(escape(line) for line in row.message.splitlines()) + "</p>\n"
    html = (
        _HTML_HEAD.format(lang=escape(texts.language))
        + f"<p>{texts.hello % {'name': escape(name)}}</p>\n"
        + f'<p><strong>{escape(kind)}</strong>: <a href="{escape(link)}">{escape(row.label)}</a>{escape(due)}</p>\n'
        + message_html
        + f'<p><a href="{escape(links["preferences"])}">{escape(texts.change)}</a></p>\n'
        + _HTML_FOOT
    )
    return _message(user, subject, text, html)


_kind_order = {}


def _groups(rows):
    """[(kind, [rows])]: reminder kinds in rule order, then the rest; items by due date (or creation)."""
    kinds_in_order = reminder_kinds()
    key = tuple(kinds_in_order)
    if key not in _kind_order:
        _kind_order.clear()
        _kind_order[key] = {kind: index for index, kind in enumerate(kinds_in_order)}
    order = _kind_order[key]
    groups = {}
    for row in sorted(
        rows, key=lambda r: (order.get(r.kind, len(order)), r.kind, r.due_date or r.created_at.date(), r.pk or 0)
    ):
        groups.setdefault(row.kind, []).append(row)
    return list(groups.items())


def _item(row):
    row.link = absolute_url(row.url)
    row.kind_text = kind_label(row.kind)
    return row


def weekly_message(user, rows, unread, more):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        items = [_item(row) for row in rows]
        subject = _("Kemitraan: your weekly digest")
        return _rendered(user, subject, "weekly", {"groups": group_items(items), "unread": unread, "more": more})
