"""What governance tells notifications, registered from GovernanceConfig.ready(): the kinds sent as a
proposed change moves (do_notify), the reminder rule of a recommendation still waiting for
answers (issue 15, item 12), and the rule of a partner behind its commitment (issue 14, item 5).

A proposed recommendation (not yet objected, agreed, applied or withdrawn; program not closed) that
has waited `UNANSWERED_AFTER_DAYS` days reminds whoever speaks for each partner that has not answered
yet: its leads, or, for a partner with no lead account, the staff member it designated (the same
people `selectors.partner_voices` asks). Once per ISO week per person and recommendation, in the
same digests as every other reminder. A recommendation with an objection waits for the facilitator
(a decision in a meeting, or withdrawal), so it reminds nobody.

A partner behind its commitment (Commitment.is_behind, docs/definitions.md) reminds the partner's
leads and the program's facilitators, once a month while it stays behind.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from governance.models import (
    AgreementSignOff,
    Commitment,
    PartneringAgreement,
    Recognition,
    Recommendation,
    RecommendationResponse,
    commitment_is_behind,
)
from notifications.kinds import register_kinds
from notifications.registry import Due, register_done_check, register_reminder_rule
from notifications.reminders import link, week_period
from partners.models import Membership, Phase, ProgramPartner
from partners.reminders import partner_people, program_facilitators

RECOMMENDATION_UNANSWERED = "recommendation_unanswered"
COMMITMENT_BEHIND = "commitment_behind"

# Give partners a few days to answer before the first reminder.
UNANSWERED_AFTER_DAYS = 3


def program_voices(sweep, program_ids):
    """program_id -> {partner_id: [user_id]}: who answers for each current partner (leads, else the
    designated staff; deactivated people left out). Two queries for the programs not seen yet."""
    cache = sweep.cache("governance.voices")
    missing = set(program_ids) - cache.keys()
    if missing:
        for program_id in missing:
            cache[program_id] = {}
        partners = ProgramPartner.objects.filter(program_id__in=missing, left_on__isnull=True)
        for pk, program_id in partners.values_list("pk", "program_id"):
            cache[program_id][pk] = []
        members = (
            Membership.objects.filter(program_id__in=missing, partner__isnull=False, user__is_active=True)
            .filter(Q(role=Membership.Role.PARTNER_LEAD) | Q(is_representative=True))
            .order_by("pk")
            .values_list("partner_id", "user_id", "role")
        )
        leads, staff = {}, {}
        for partner_id, user_id, role in members:
            bucket = leads if role == Membership.Role.PARTNER_LEAD else staff
            bucket.setdefault(partner_id, []).append(user_id)
        for partners_of_program in (cache[program_id] for program_id in missing):
            for partner_id in partners_of_program:
                partners_of_program[partner_id] = leads.get(partner_id) or staff.get(partner_id, [])
    return cache


def unanswered_recommendation_reminders(sweep):
    """Proposed recommendations older than the grace period: each partner that has not answered."""
    queryset = (
        Recommendation.objects.filter(
            status=Recommendation.Status.PROPOSED,
            created_at__lte=sweep.now - datetime.timedelta(days=UNANSWERED_AFTER_DAYS),
        )
        .exclude(program__phase=Phase.CLOSED)
        .order_by("pk")
        .values("pk", "program_id", "title")
    )
    period = week_period(sweep.now)
    for rows in sweep.batches(queryset):
        answered = set(
            RecommendationResponse.objects.filter(recommendation_id__in=[r["pk"] for r in rows]).values_list(
                "recommendation_id", "partner_id"
            )
        )
        voices = program_voices(sweep, {r["program_id"] for r in rows})
        batch = []
        for row in rows:
            people = [
                user_id
                for partner_id, user_ids in voices.get(row["program_id"], {}).items()
                if (row["pk"], partner_id) not in answered
                for user_id in user_ids
            ]
            batch += Due.for_people(
                people,
                RECOMMENDATION_UNANSWERED,
                "recommendation",
                row["pk"],
                period,
                program_id=row["program_id"],
                label=row["title"],
                url=link("governance:recommendation_detail", row["pk"]),
            )
        yield batch


def commitment_reminders(sweep):
    """Commitments behind on the sweep's day; the candidates are read in keyset batches."""
    queryset = (
        Commitment.objects.to_watch(sweep.today)
        .with_realised()
        .order_by("pk")
        .values(
            "pk",
            "partner_id",
            "partner__program_id",
            "partner__organisation__name",
            "amount_idr",
            "realised",
            "start_date",
            "end_date",
        )
    )
    period = f"{sweep.today:%Y-%m}"
    for rows in sweep.batches(queryset):
        behind = [
            r
            for r in rows
            if commitment_is_behind(r["amount_idr"], r["realised"], r["start_date"], r["end_date"], sweep.today)
        ]
        leads = partner_people(sweep, [r["partner_id"] for r in behind], Membership.Role.PARTNER_LEAD)
        facilitators = program_facilitators(sweep, {r["partner__program_id"] for r in behind})
        batch = []
        for row in behind:
            program_id = row["partner__program_id"]
            batch += Due.for_people(
                [*leads.get(row["partner_id"], []), *facilitators.get(program_id, [])],
                COMMITMENT_BEHIND,
                "commitment",
                row["pk"],
                period,
                program_id=program_id,
                label=row["partner__organisation__name"],
                url=link("governance:commitments", program_id),
            )
        yield batch


# Done checks (issue 16, item 13): at delivery a digest drops what is already done. Each takes a set of
# ids and returns those whose work is done, in one query.


def answered_recommendations(ids):
    """A proposed change no longer takes answers: agreed, applied or withdrawn (an objection still
    leaves the other partners to answer)."""
    still_open = Recommendation.ANSWERABLE_STATUSES
    return set(ids) - set(Recommendation.objects.filter(pk__in=ids, status__in=still_open).values_list("pk", flat=True))


def decided_recommendations(ids):
    """The facilitator has nothing left to decide: applied or withdrawn."""
    return set(ids) - set(
        Recommendation.objects.filter(pk__in=ids, status__in=Recommendation.OPEN_STATUSES).values_list("pk", flat=True)
    )


def signed_agreements(ids):
    """Every current partner signed the agreement's current version."""
    unsigned = ProgramPartner.objects.filter(program_id=OuterRef("program_id"), left_on__isnull=True).exclude(
        Exists(
            AgreementSignOff.objects.filter(
                agreement_id=OuterRef(OuterRef("pk")), version=OuterRef(OuterRef("version")), partner_id=OuterRef("pk")
            )
        )
    )
    return set(PartneringAgreement.objects.filter(pk__in=ids).exclude(Exists(unsigned)).values_list("pk", flat=True))


def decided_recognitions(ids):
    return set(ids) - set(
        Recognition.objects.filter(pk__in=ids, status=Recognition.Status.PROPOSED).values_list("pk", flat=True)
    )


def register():
    register_done_check("agreement_sign", signed_agreements)
    register_done_check("recommendation_answer", answered_recommendations)
    register_done_check("recommendation_decision", decided_recommendations)
    register_done_check("recommendation", answered_recommendations)  # the unanswered-change reminder
    register_done_check("recognition_decision", decided_recognitions)
    register_kinds(
        {
            "recommendation_proposed": _("A change is proposed; please agree or object"),
            "recommendation_objected": _("A partner objected to a proposed change"),
            "agreement_sign_again": _("The partnering agreement changed; please sign the new version"),
            "recommendation_applied": _("A proposed change was applied"),
            "recognition_proposed": _("A partner proposed a recognition; please confirm or decline it"),
            "recognition_confirmed": _("The recognition you proposed was confirmed"),
            "recognition_declined": _("The recognition you proposed was declined"),
        }
    )
    register_reminder_rule(
        "governance.recommendations",
        order=50,
        kinds={RECOMMENDATION_UNANSWERED: _("A proposed change still waits for your answer")},
        finder=unanswered_recommendation_reminders,
    )
    register_reminder_rule(
        "governance.commitments",
        order=55,
        kinds={COMMITMENT_BEHIND: _("A partner is behind its commitment")},
        finder=commitment_reminders,
    )
