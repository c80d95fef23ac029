"""Writes for public pages and their agreements."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from partners.actions import record_activity
from public.models import PublicConsent, PublicPage

ACTIVITY_KINDS = {
    "public_published": _("Public page published"),
    "public_unpublished": _("Public page taken down"),
    "public_agreed": _("Partner agreed to the public page"),
    "public_withdrawn": _("Partner withdrew agreement to the public page"),
}


def _unique_slug(program):
    base = slugify(program.name)[:60] or "program"
    slug = base
    n = 1
    while PublicPage.objects.filter(slug=slug).exclude(program=program).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def do_publish_program(actor, program):
    page, _created = PublicPage.objects.select_for_update().get_or_create(
        program=program, defaults={"slug": _unique_slug(program)}
    )
    page.is_published = True
    page.published_by = actor
    page.published_at = timezone.now()
    page.save(update_fields=["is_published", "published_by", "published_at", "updated_at"])
    record_activity(program, actor, "public_published", program.name)
    return page


@transaction.atomic
def do_unpublish_program(actor, program):
    changed = PublicPage.objects.filter(program=program, is_published=True).update(
        is_published=False, updated_at=timezone.now()
    )
    if changed:
        record_activity(program, actor, "public_unpublished", program.name)
    return bool(changed)


@transaction.atomic
def do_agree_public_page(actor, partner):
    try:
        with transaction.atomic():
            consent, created = PublicConsent.objects.get_or_create(
                partner=partner, defaults={"program_id": partner.program_id, "agreed_by": actor}
            )
    except IntegrityError:  # a second click raced the first: the agreement exists
        return PublicConsent.objects.get(partner=partner)
    if created:
        record_activity(partner.program, actor, "public_agreed", partner.organisation.name)
    return consent


@transaction.atomic
def do_withdraw_public_consent(actor, partner):
    """The page goes offline from the next request on (the rule is read from the database)."""
    deleted, _rows = PublicConsent.objects.filter(partner=partner).delete()
    if deleted:
        record_activity(partner.program, actor, "public_withdrawn", partner.organisation.name)
    return bool(deleted)
