from django.urls import reverse
from django.utils.translation import gettext as _

from core.share import whatsapp_url


def bulletin_share_url(program_name, period_label, slug):
    summary = _("Partnership bulletin: %(title)s, %(period)s") % {"title": program_name, "period": period_label}
    return whatsapp_url(summary, reverse("public:program", args=[slug]))
