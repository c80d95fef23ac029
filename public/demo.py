"""Demo public page (idempotent): Desa Sejahtera NTT is published by its facilitator, and every
partner's lead has agreed, so /public/ lists it with its headline indicators (docs/reach.md)."""

from partners.models import Membership, ProgramPartner
from public.actions import do_agree_public_page, do_publish_program
from public.models import PublicConsent, PublicPage


def seed(ctx):
    program = ctx["programs"][0]
    if PublicPage.objects.filter(program=program, is_published=True).exists():
        return
    members = Membership.objects.filter(program=program).select_related("user", "partner").order_by("pk")
    facilitator = next((m.user for m in members if m.role == Membership.Role.FACILITATOR), None)
    if facilitator is None:
        return
    leads = {m.partner_id: m.user for m in members if m.role == Membership.Role.PARTNER_LEAD and m.partner_id}
    for partner in ProgramPartner.objects.filter(program=program, left_on__isnull=True).select_related("organisation"):
        if not PublicConsent.objects.filter(partner=partner).exists():
            do_agree_public_page(leads.get(partner.pk, facilitator), partner)
    do_publish_program(facilitator, program)
