"""Every write to people, organisations, programs and partners goes through here."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.actions import submit_once
from core.uploads import IMAGES, OFFICE, PDF, safe_file_name, sniff_extension, validate_upload
from notifications.actions import do_notify, do_update_reminder_settings
from partners.hooks import program_regions_changed
from partners.leaving import check_leave
from partners.models import (
    Activity,
    CapacityItem,
    Contribution,
    Document,
    DocumentType,
    DocumentVersion,
    DocumentVisibility,
    EndorsementStatus,
    Membership,
    Organisation,
    Program,
    ProgramPartner,
    ScopingChecklist,
    User,
)
from partners.quota import check_quota, lock_program


def record_activity(program, actor, kind, label="", url=""):
    """Append a line to the program's feed. Call inside the action's transaction."""
    return Activity.objects.create(program=program, actor=actor, kind=kind, label=str(label)[:300], url=url)


ALREADY_PARTNER = _("%(name)s is already a partner in this program.")
ALREADY_MEMBER = _("This person is already in the program.")


def _apply(instance, fields):
    for name, value in fields.items():
        setattr(instance, name, value)


def _organisation_programs(organisation):
    return Program.objects.filter(partners__organisation=organisation)


@transaction.atomic
def do_set_user_language(user, language):
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


@transaction.atomic
def do_deactivate_user(actor, user):
    """People are deactivated, never deleted: they can no longer log in, and everything they
    recorded stays under their name. Returns False when the account was already inactive."""
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
        user.is_active = False
        return False
    user.is_active = False
    programs = Program.objects.filter(memberships__user=user).distinct().order_by("pk")
    for program in programs:
        record_activity(program, actor, "person_deactivated", str(user), program.get_absolute_url())
    return True


# Organisations -------------------------------------------------------------------------------


@submit_once
@transaction.atomic
def do_create_person(actor, *, email, **fields):
    """A new account (imports, administrators). No usable password: the person sets one through
    "forgot password" with this email address, so no password travels in a spreadsheet."""
    base = slugify(email.split("@")[0])[:120] or "pengguna"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    user = User(username=username, email=email, **fields)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def do_update_person(actor, user, **fields):
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(fields))
    return user


@submit_once
def do_create_organisation(actor, **fields):
    return Organisation.objects.create(**fields)


@transaction.atomic
def do_update_organisation(actor, organisation, **fields):
    _apply(organisation, fields)
    organisation.save()
    for program in _organisation_programs(organisation):
        record_activity(program, actor, "organisation_updated", organisation.name, organisation.get_absolute_url())
    return organisation


@transaction.atomic
def do_set_capacity_profile(actor, organisation, profile):
    """profile: {kind: notes} for what the organisation can bring; kinds left out are removed."""
    organisation.capacities.exclude(kind__in=list(profile)).delete()
    for kind, notes in profile.items():
        CapacityItem.objects.update_or_create(organisation=organisation, kind=kind, defaults={"notes": notes})
    for program in _organisation_programs(organisation):
        record_activity(program, actor, "capacity_updated", organisation.name, organisation.get_absolute_url())


@transaction.atomic
def do_save_scoping_checklist(actor, organisation, **fields):
    checklist, _created = ScopingChecklist.objects.update_or_create(
        organisation=organisation, defaults={**fields, "assessed_by": actor}
    )
    for program in _organisation_programs(organisation):
        record_activity(program, actor, "scoping_updated", organisation.name, organisation.get_absolute_url())
    return checklist


# Programs ------------------------------------------------------------------------------------


def _set_regions(program, provinces=None, regencies=None, districts=None, villages=None):
    """Set the program's places. The province of every regency, district and village chosen is
    added to its provinces, so filters by province and by regency agree. Apps that derive things
    from a program's places (results' location breakdowns) are told (partners.hooks)."""
    changed = False
    for field, chosen in (("regencies", regencies), ("districts", districts), ("villages", villages)):
        if chosen is not None:
            getattr(program, field).set(chosen)
            changed = True
    province_ids = set()
    if provinces is not None:
        province_ids |= {p.pk for p in provinces}
        changed = True
    if changed:
        province_ids |= set(program.regencies.values_list("province_id", flat=True))
        province_ids |= set(program.districts.values_list("regency__province_id", flat=True))
        province_ids |= set(program.villages.values_list("district__regency__province_id", flat=True))
        if provinces is None:
            province_ids |= set(program.provinces.values_list("pk", flat=True))
        program.provinces.set(province_ids)
        program_regions_changed(program)


@submit_once
def do_create_program(actor, *, provinces=(), regencies=(), districts=(), villages=(), **fields):
    program = Program.objects.create(**fields)
    _set_regions(program, provinces, regencies, districts, villages)
    if actor.role == User.Role.FACILITATOR:
        Membership.objects.create(program=program, user=actor, role=Membership.Role.FACILITATOR)
    record_activity(program, actor, "program_created", program.name, program.get_absolute_url())
    return program


@transaction.atomic
def do_update_program(actor, program, *, provinces=None, regencies=None, districts=None, villages=None, **fields):
    """Edit a program's description; the phase is changed only by governance (phase gates)."""
    fields.pop("phase", None)
    _apply(program, fields)
    program.save()
    _set_regions(program, provinces, regencies, districts, villages)
    record_activity(program, actor, "program_updated", program.name, program.get_absolute_url())
    return program


@submit_once
def do_add_member(actor, program, user, role, partner=None, *, is_representative=False):
    """Add a person to a program. The form refuses a person already in it; a row left hidden by a
    partner's leaving is brought back (get_or_create inside: a racing second tab updates, no 500).
    A new lead for a partner that already had another lead is a change of leadership: the partner's
    endorsement must be renewed, so the facilitators are asked for it."""
    lead_changes = (
        role == Membership.Role.PARTNER_LEAD
        and partner is not None
        and Membership.objects.filter(partner=partner, role=Membership.Role.PARTNER_LEAD).exclude(user=user).exists()
    )
    # all_objects: a person whose partner has left keeps a (hidden) membership row in the program.
    membership, _created = Membership.all_objects.update_or_create(
        program=program,
        user=user,
        defaults={"role": role, "partner": partner, "is_representative": is_representative},
    )
    record_activity(program, actor, "member_added", str(user), program.get_absolute_url())
    if lead_changes:
        _request_reendorsement(actor, partner)
    return membership


def _notify_facilitators(program, actor, label, message):
    """Tell the program's facilitators what a partner lead changed (not the facilitator's own changes)."""
    facilitators = [
        m.user
        for m in Membership.objects.filter(program=program, role=Membership.Role.FACILITATOR).select_related("user")
        if m.user_id != actor.pk
    ]
    do_notify(facilitators, "partner_people_changed", label, message, program.get_absolute_url())


@transaction.atomic
def do_add_partner_staff(actor, program, partner, user, *, is_representative=False):
    """A partner lead (or the facilitator) assigns a person of the partner's own organisation to the
    program as partner staff; the facilitator is notified."""
    partner = ProgramPartner.objects.select_for_update().select_related("organisation").get(pk=partner.pk)
    if partner.program_id != program.pk:
        raise ValidationError(_("That partner is not in this program."), code="other_program")
    refuse_left_partner(partner)
    if not user.is_active or not user.is_partner_person or user.organisation_id != partner.organisation_id:
        raise ValidationError(
            _("Only active people of %(organisation)s can be assigned through it."),
            code="other_organisation",
            params={"organisation": partner.organisation.name},
        )
    if Membership.all_objects.filter(program=program, user=user).exists():
        raise ValidationError(
            _("%(person)s is already in this program."), code="already_member", params={"person": user}
        )
    membership = Membership.objects.create(
        program=program,
        user=user,
        role=Membership.Role.PARTNER_STAFF,
        partner=partner,
        is_representative=is_representative,
    )
    label = f"{user} ({partner.organisation.name})"
    record_activity(program, actor, "member_added", label, program.get_absolute_url())
    _notify_facilitators(program, actor, label, lambda: _("A partner lead added a person to the program."))
    return membership


@transaction.atomic
def do_remove_member(actor, membership):
    """Take a person out of a program. Their past work stays (it records the user, not the membership);
    they lose access to the program. Nobody removes themselves here."""
    membership = Membership.objects.select_related("program", "user", "partner__organisation").get(pk=membership.pk)
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot remove yourself from the program."), code="self")
    program = membership.program
    label = str(membership.user)
    if membership.partner_id:
        label = f"{label} ({membership.partner.organisation.name})"
    membership.delete()
    record_activity(program, actor, "member_removed", label, program.get_absolute_url())
    _notify_facilitators(program, actor, label, lambda: _("A person was removed from the program."))


def _request_reendorsement(actor, partner):
    today = timezone.localdate()
    ProgramPartner.objects.filter(pk=partner.pk).update(reendorsement_requested_on=today)
    partner.reendorsement_requested_on = today
    url = _program_url(partner)
    facilitators = [
        m.user
        for m in Membership.objects.filter(program_id=partner.program_id, role=Membership.Role.FACILITATOR)
        .select_related("user")
        .order_by("user__pk")
    ]
    do_notify(
        facilitators,
        "reendorsement_needed",
        partner.organisation.name,
        lambda: _("The partner's lead changed; please obtain a renewed leadership endorsement."),
        url,
    )
    record_activity(partner.program, actor, "reendorsement_requested", partner.organisation.name, url)


# Partners ------------------------------------------------------------------------------------


@submit_once
def do_add_partner(actor, program, organisation, **fields):
    try:
        with transaction.atomic():
            partner = ProgramPartner.objects.create(program=program, organisation=organisation, **fields)
    except IntegrityError:
        # Added a moment ago from another tab: one_partnership_per_org. A form error, not a 500.
        raise ValidationError(ALREADY_PARTNER, code="already_partner", params={"name": organisation.name}) from None
    record_activity(program, actor, "partner_added", organisation.name, program.get_absolute_url())
    return partner


@transaction.atomic
def do_mark_partner_left(actor, partner, *, reason, left_on=None):
    """A partner leaves the program; it is never deleted. Its milestones, contributions, answers,
    recognitions, plans and goals stay in the program's history and reports, shown as "left on ...".
    From then on it gets no new milestones or contributions, and its people's memberships no longer
    count (they lose access to the program and are no longer asked to answer or agree)."""
    partner = ProgramPartner.objects.select_for_update().select_related("program", "organisation").get(pk=partner.pk)
    name = partner.organisation.name
    if partner.has_left:
        raise ValidationError(
            _("%(partner)s already left the program on %(date)s."),
            code="already_left",
            params={"partner": name, "date": date_format(partner.left_on)},
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason the partner leaves."), code="reason_required")
    today = timezone.localdate()
    left_on = left_on or today
    if left_on > today:
        raise ValidationError(_("The date of leaving cannot be in the future."), code="future")
    if partner.joined_on and left_on < partner.joined_on:
        raise ValidationError(_("The date of leaving cannot be before the partner joined."), code="before_joined")
    check_leave(partner)
    ProgramPartner.objects.filter(pk=partner.pk).update(left_on=left_on, left_reason=reason)
    partner.left_on, partner.left_reason = left_on, reason
    record_activity(partner.program, actor, "partner_left", name, _program_url(partner))
    return partner


def refuse_left_partner(partner):
    if partner.has_left:
        raise ValidationError(
            _("%(partner)s has left the program; nothing new can be recorded for it."),
            code="partner_left",
            params={"partner": partner.organisation.name},
        )


@transaction.atomic
def do_update_partner(actor, partner, **fields):
    _apply(partner, fields)
    partner.save()
    record_activity(partner.program, actor, "partner_updated", partner.organisation.name, _program_url(partner))
    return partner


@transaction.atomic
def do_update_endorsement(actor, partner, *, letter=None, **fields):
    """Status, who endorsed and when; `letter` is an already validated upload (None keeps the old one).

    A new letter replaces the old one, so only the difference counts against the storage quota;
    one that does not fit is refused before anything is saved.
    """
    storage = partner.endorsement_letter.storage
    old_file = partner.endorsement_letter.name
    if letter is not None:
        program = lock_program(partner.program_id)
        check_quota(program, letter.size, freeing=partner.endorsement_letter_size if old_file else 0)
    _apply(partner, fields)
    if _renews_endorsement(partner):
        partner.reendorsement_requested_on = None
    if letter is not None:
        partner.endorsement_letter_name = getattr(letter, "display_name", letter.name)[:255]
        partner.endorsement_letter.save(letter.name, letter, save=False)
    try:
        partner.save()
        record_activity(
            partner.program,
            actor,
            "endorsement_updated",
            f"{partner.organisation.name}: {partner.get_endorsement_status_display()}",
            _program_url(partner),
        )
    except Exception:
        # Nothing half-saved: a stored file without its row is removed again.
        if letter is not None:
            storage.delete(partner.endorsement_letter.name)
        raise
    if letter is not None and old_file:
        transaction.on_commit(lambda: storage.delete(old_file))
    return partner


def _renews_endorsement(partner):
    """An endorsement dated on or after the request renews it after a change of lead."""
    return (
        partner.reendorsement_requested_on is not None
        and partner.endorsement_status == EndorsementStatus.ENDORSED
        and partner.endorsed_on is not None
        and partner.endorsed_on >= partner.reendorsement_requested_on
    )


@transaction.atomic
def do_override_endorsement(actor, partner, *, reason):
    """The facilitator lets a partner own work before its leadership endorsement, with a reason
    (kept on the partner and in the feed). An empty reason withdraws nothing and is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason why this partner may work before it is endorsed."), code="reason")
    if partner.is_endorsed:
        raise ValidationError(_("This partner is already endorsed; no override is needed."), code="endorsed")
    partner.endorsement_override_reason = reason
    partner.endorsement_override_by = actor
    partner.endorsement_override_at = timezone.now()
    partner.save(update_fields=["endorsement_override_reason", "endorsement_override_by", "endorsement_override_at"])
    record_activity(
        partner.program,
        actor,
        "endorsement_overridden",
        f"{partner.organisation.name}: {reason}",
        _program_url(partner),
    )
    return partner


def _program_url(partner):
    return reverse("partners:program_detail", args=[partner.program_id])


# Contributions -------------------------------------------------------------------------------


@submit_once
def do_add_contribution(actor, partner, **fields):
    refuse_left_partner(partner)
    contribution = Contribution.objects.create(partner=partner, created_by=actor, **fields)
    record_activity(
        partner.program,
        actor,
        "contribution_added",
        f"{partner.organisation.name}: {contribution}",
        _program_url(partner),
    )
    return contribution


@transaction.atomic
def do_update_contribution(actor, contribution, **fields):
    if fields.get("partner") is not None and fields["partner"].pk != contribution.partner_id:
        refuse_left_partner(fields["partner"])
    _apply(contribution, fields)
    contribution.save()
    partner = contribution.partner
    record_activity(
        partner.program,
        actor,
        "contribution_updated",
        f"{partner.organisation.name}: {contribution}",
        _program_url(partner),
    )
    return contribution


@transaction.atomic
def do_delete_contribution(actor, contribution):
    partner = contribution.partner
    label = f"{partner.organisation.name}: {contribution}"
    contribution.delete()
    record_activity(partner.program, actor, "contribution_deleted", label, _program_url(partner))


@transaction.atomic
def do_update_program_reminders(actor, program, *, due_soon_days, stale_after_days, review_after_days):
    """Change the program's reminder thresholds and say so in its activity feed."""
    settings = do_update_reminder_settings(
        program.pk, due_soon_days=due_soon_days, stale_after_days=stale_after_days, review_after_days=review_after_days
    )
    record_activity(program, actor, "reminder_settings_updated", program.name)
    return settings


# The document library (issue 14, item 3) -------------------------------------------------------

DOCUMENT_FILE_TYPES = PDF | IMAGES | OFFICE


def document_file_types(kind):
    """What a document's file may be: a photo is an image; anything else a PDF, image or office file."""
    return IMAGES if kind == DocumentType.PHOTO else DOCUMENT_FILE_TYPES


def _check_document_fields(program, partner, visibility):
    if partner is not None and partner.program_id != program.pk:
        raise ValidationError(_("Choose a partner of this program."), code="partner")
    if visibility == DocumentVisibility.PARTNER and partner is None:
        raise ValidationError(
            _("A document for the facilitators and one partner needs that partner."), code="partner_needed"
        )


def _store_version(actor, document, upload, note):
    """Check the file and the program's storage, then store it as the document's next version."""
    validate_upload(upload, document_file_types(document.kind))
    program = lock_program(document.program_id)  # two uploads at once are checked one after the other
    check_quota(program, upload.size)
    last = DocumentVersion.objects.filter(document=document).order_by("-number").values_list("number", flat=True)
    number = (last.first() or 0) + 1
    name = safe_file_name(getattr(upload, "name", ""), sniff_extension(upload))
    version = DocumentVersion(
        document=document, number=number, original_name=name, note=(note or "").strip(), uploaded_by=actor
    )
    version.file.save(name, upload, save=False)
    try:
        version.save()
    except Exception:
        # Nothing half-saved: a stored file without its row is removed again.
        version.file.storage.delete(version.file.name)
        raise
    Document.objects.filter(pk=document.pk).update(current_version=version)
    document.current_version = version
    return version


def _record_document(actor, document, kind, label):
    """Only documents every member may see go into the program's feed (the others' titles stay private)."""
    if document.visibility == DocumentVisibility.PROGRAM:
        record_activity(document.program, actor, kind, label, document.get_absolute_url())


@submit_once
def do_add_document(actor, program, *, kind, title, date, file, partner=None, visibility="program", note=""):
    """A new document of the program (or of one partner) with its first version.

    The file is checked by its content and against the program's storage quota before anything
    is saved; a refused file saves nothing.
    """
    _check_document_fields(program, partner, visibility)
    document = Document.objects.create(
        program=program,
        partner=partner,
        kind=kind,
        title=title.strip(),
        date=date,
        visibility=visibility,
        created_by=actor,
    )
    _store_version(actor, document, file, note)
    _record_document(actor, document, "document_added", document.title)
    return document


@submit_once
def do_add_document_version(actor, document, *, file, note=""):
    """A new version of a document; the earlier ones stay downloadable."""
    version = _store_version(actor, document, file, note)
    _record_document(actor, document, "document_version_added", f"{document.title} v{version.number}")
    return version
