"""What partners tell notifications, registered from PartnersConfig.ready(): the reminder rule of
a leadership endorsement still missing, and the recipient look-ups every reminder rule shares.
The program's reminder settings page (`views.program_reminders`) and its panel are partners' too:
the thresholds are notifications' model, the program and who may change it are ours.

`program_facilitators` and `partner_people` read memberships once per sweep: the result is kept
in the sweep's cache, so each program's facilitators and each partner's people are read once
however many rules and batches mention them.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kinds
from notifications.models import ReminderSettings
from notifications.registry import Due, register_reminder_rule, register_settings_adjuster
from notifications.reminders import link, week_period
from partners.access import can_manage_program
from partners.models import EndorsementStatus, Membership, Phase, Program, ProgramPartner

ENDORSEMENT_MISSING = "endorsement_missing"


def program_facilitators(sweep, program_ids):
    """program_id -> [user_id]; one query for the programs not seen yet in this sweep."""
    cache = sweep.cache("partners.facilitators")
    missing = set(program_ids) - cache.keys()
    if missing:
        for program_id in missing:
            cache[program_id] = []
        rows = Membership.objects.filter(program_id__in=missing, role=Membership.Role.FACILITATOR)
        for program_id, user_id in rows.values_list("program_id", "user_id"):
            cache[program_id].append(user_id)
    return cache


def partner_people(sweep, partner_ids, role):
    """partner_id -> [user_id] for one membership role; one query for the partners not seen yet."""
    cache = sweep.cache(f"partners.people.{role}")
    missing = set(partner_ids) - cache.keys()
    if missing:
        for partner_id in missing:
            cache[partner_id] = []
        rows = Membership.objects.filter(partner_id__in=missing, role=role)
        for partner_id, user_id in rows.values_list("partner_id", "user_id"):
            cache[partner_id].append(user_id)
    return cache


def endorsement_reminders(sweep):
    """A program partner whose leadership endorsement is still requested (program not closed):
    the partner's leads and the program's facilitators, once per ISO week while it is missing."""
    queryset = (
        ProgramPartner.objects.filter(endorsement_status=EndorsementStatus.REQUESTED)
        .exclude(program__phase=Phase.CLOSED)
        .order_by("pk")
        .values("pk", "program_id", "organisation__name")
    )
    period = week_period(sweep.now)
    for rows in sweep.batches(queryset):
        leads = partner_people(sweep, [row["pk"] for row in rows], Membership.Role.PARTNER_LEAD)
        facilitators = program_facilitators(sweep, {row["program_id"] for row in rows})
        batch = []
        for row in rows:
            people = [*leads.get(row["pk"], []), *facilitators.get(row["program_id"], [])]
            batch += Due.for_people(
                people,
                ENDORSEMENT_MISSING,
                "program_partner",
                row["pk"],
                period,
                program_id=row["program_id"],
                label=row["organisation__name"],
                url=link("partners:program_detail", row["program_id"]),
            )
        yield batch


def emergency_thresholds(setting, program_id):
    """An emergency program's thresholds (issue 15, item 2): its stored (or default) settings with
    the intervals halved: a stale milestone and a waiting review are chased after half the days
    (at least one), and due-soon reminders also come at twice each configured lead time."""
    days = sorted({*setting.due_soon_list, *(2 * n for n in setting.due_soon_list)}, reverse=True)
    return ReminderSettings(
        program_id=program_id,
        due_soon_days=",".join(str(n) for n in days),
        stale_after_days=max(1, setting.stale_after_days // 2),
        review_after_days=max(1, setting.review_after_days // 2),
    )


def emergency_settings(sweep):
    """{program_id: thresholds} for every emergency program that is not closed (one query)."""
    ids = Program.objects.filter(is_emergency=True).exclude(phase=Phase.CLOSED).values_list("pk", flat=True)
    return {pk: emergency_thresholds(sweep.settings.get(pk, sweep.default), pk) for pk in ids}


def settings_panel(request, program):
    """The reminder-settings link on the program page, for its facilitators and admins (no queries)."""
    if not can_manage_program(request.user, getattr(program, "membership", None)):
        return None
    return {}


def register():
    register_settings_adjuster("partners.emergency", emergency_settings)
    register_kinds({"reendorsement_needed": _("A partner's lead changed: renew its leadership endorsement")})
    register_reminder_rule(
        "partners.endorsements",
        order=40,
        kinds={ENDORSEMENT_MISSING: _("Leadership endorsement still missing")},
        finder=endorsement_reminders,
    )
