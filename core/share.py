"""A 'share on WhatsApp' link: a plain https://wa.me/?text= URL with a short text and a link.

No integration, no script: WhatsApp (app or web) opens with the text ready to send."""

from urllib.parse import quote

from django.conf import settings

MAX_TEXT = 500


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def whatsapp_url(summary, path):
    text = f"{summary}\n{absolute_url(path)}"
    return "https://wa.me/?text=" + quote(text[:MAX_TEXT], safe="")
