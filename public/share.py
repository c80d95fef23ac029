"""A 'share on WhatsApp' link: a plain wa.me URL with a short text, no integration and no script."""

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def public_url(request, slug):
    return absolute(reverse("public:program", args=[slug]))


def whatsapp_link(title, period_label, url):
    text = _("%(title)s · %(period)s: %(url)s") % {"title": title, "period": period_label, "url": url}
    return "https://wa.me/?text=" + quote(text[:500], safe="")
