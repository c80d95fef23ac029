"""Every write to people, organisations, programs and partners goes through here."""

from django.db import transaction

from partners.activity import record_activity
from partners.models import Membership, Program, ProgramPartner, User


@transaction.atomic
def do_set_user_language(user, language):
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


@transaction.atomic
def do_create_program(actor, *, provinces=(), **fields):
    program = Program.objects.create(**fields)
    program.provinces.set(provinces)
    if actor.role == User.Role.FACILITATOR:
        Membership.objects.create(program=program, user=actor, role=Membership.Role.FACILITATOR)
    record_activity(program, actor, "program_created", program.name, program.get_absolute_url())
    return program


@transaction.atomic
def do_add_member(actor, program, user, role, partner=None, *, is_representative=False):
    membership, _created = Membership.objects.update_or_create(
        program=program,
        user=user,
        defaults={"role": role, "partner": partner, "is_representative": is_representative},
    )
    record_activity(program, actor, "member_added", str(user), program.get_absolute_url())
    return membership


@transaction.atomic
def do_add_partner(actor, program, organisation, **fields):
    partner = ProgramPartner.objects.create(program=program, organisation=organisation, **fields)
    record_activity(program, actor, "partner_added", organisation.name, program.get_absolute_url())
    return partner
