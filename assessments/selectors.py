"""Read helpers: results, comparisons and the small contracts other apps call.

Every function here runs a constant number of queries whatever the number of people,
rounds or scores: aggregates are computed in SQL (values + annotate) and pivoted in Python.
Competencies are matched across framework versions by their `code`.
"""

from collections import defaultdict

from django.db.models import Avg, Count, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments import anonymity
from assessments.access import is_assessed, is_health_respondent
from assessments.models import (
    LOW_SCORE,
    Assessment,
    Competency,
    DevelopmentSuggestion,
    HealthAction,
    HealthCheck,
    HealthDimension,
    HealthScore,
    Round,
    Score,
    Submission,
    bilingual,
)
from partners.access import visible_programs
from partners.models import Membership

SUBMITTED = Submission.SUBMITTED
NOTHING = anonymity.Published(total=False, orgs=set())  # a block missing from the read: publish nothing
SELF = Q(assessment__kind=Assessment.Kind.SELF)


def rag(avg):
    """Red / amber / green for an average score (None when nothing was scored)."""
    if avg is None:
        return None
    if avg >= 3.5:
        return "green"
    if avg >= 2.5:
        return "amber"
    return "red"


def _round1(value):
    return None if value is None else round(float(value), 2)


def _delta(current, previous):
    if current is None or previous is None:
        return None
    return round(current - previous, 2)


def competency_names(frameworks):
    """[(code, name)] in framework order, for the given framework ids (one query, none when empty)."""
    return _names(Competency.objects.filter(framework__in=frameworks))


def program_competency_names(program):
    """[(code, name)] of the frameworks the program's rounds used (always exactly one query)."""
    used = Q(framework__rounds__program=program) | Q(framework__facilitator_rounds__program=program)
    return _names(Competency.objects.filter(used).distinct())


def _names(competencies):
    seen = {}
    for competency in competencies.order_by("framework__kind", "order", "code"):
        seen.setdefault(competency.code, bilingual(competency, "name"))
    return list(seen.items())


def _rounds(program):
    return list(Round.objects.filter(program=program).select_related("framework").order_by("held_on", "pk"))


def _framework_ids(rounds):
    ids = set()
    for r in rounds:
        ids.add(r.framework_id)
        if r.facilitator_framework_id:
            ids.add(r.facilitator_framework_id)
    return ids


def _score_table(scores):
    """{(round_id, code): row} from a values(...).annotate(...) queryset over Score."""
    table = {}
    for row in scores:
        table[(row["assessment__round_id"], row["behaviour__competency__code"])] = {
            "framework": row["assessment__framework_id"],
            "self": _round1(row["self_avg"]),
            "others": _round1(row["others_avg"]),
            "all": _round1(row["all_avg"]),
            "low": row["low"],
        }
    return table


def _aggregate_scores(queryset):
    return _score_table(
        queryset.filter(assessment__status=SUBMITTED)
        # A code belongs to one framework in a round: the framework splits no group, it names the block.
        .values("assessment__round_id", "behaviour__competency__code", "assessment__framework_id")
        .annotate(
            self_avg=Avg("value", filter=SELF),
            others_avg=Avg("value", filter=~SELF),
            all_avg=Avg("value"),
            low=Min("value"),
        )
        .order_by()
    )


def _publishable(table, allowed):
    """(the table without the averages `allowed(round_id, framework_id)` refuses, ids of rounds that lost some)."""
    kept, hidden = {}, set()
    for key, row in table.items():
        if allowed(key[0], row["framework"]):
            kept[key] = row
        else:
            hidden.add(key[0])
    return kept, hidden


def _program_wide(program):
    """allowed(round_id, framework_id) for program-wide averages shown to readers who do not see everyone."""
    shown = anonymity.program_published(program)
    return lambda round_id, framework_id: shown.get((round_id, framework_id), NOTHING).total


def _organisation_wide(program, partner_id):
    shown = anonymity.program_published(program)
    return lambda round_id, framework_id: partner_id in shown.get((round_id, framework_id), NOTHING).orgs


def _organisation_shown(program, round_id, partner_id):
    """Is the organisation's average of this round published, in every framework its people were rated on?"""
    blocks = anonymity.program_blocks(program)
    shown = anonymity.program_published(program)
    return all(
        partner_id in shown[key].orgs
        for key, block in blocks.items()
        if key[0] == round_id and partner_id in block.orgs
    )


def _previous_with_data(rounds, selected, table, codes):
    """The latest round before `selected` that has any score in `table`."""
    earlier = [r for r in rounds if (r.held_on, r.pk) < (selected.held_on, selected.pk)]
    for r in reversed(earlier):
        if any((r.pk, code) in table for code in codes):
            return r
    return None


def _comparison_rows(names, table, selected, previous):
    rows = []
    for code, name in names:
        now = table.get((selected.pk, code), {}) if selected else {}
        before = table.get((previous.pk, code), {}) if previous else {}
        if not now and not before:
            continue
        self_avg, others_avg = now.get("self"), now.get("others")
        rows.append(
            {
                "code": code,
                "name": name,
                "self": self_avg,
                "others": others_avg,
                "all": now.get("all"),
                "gap": _delta(self_avg, others_avg),
                "previous": before.get("all"),
                "change": _delta(now.get("all"), before.get("all")),
                "low": now.get("low") is not None and now["low"] <= LOW_SCORE,
            }
        )
    return rows


def _pick_round(rounds, round_id):
    if not rounds:
        return None
    if round_id:
        for r in rounds:
            if str(r.pk) == str(round_id):
                return r
    return rounds[-1]


def _radar(rows, label_self, label_others):
    return {
        "labels": [row["name"] for row in rows],
        "datasets": [
            {"label": str(label_self), "data": [row["self"] for row in rows]},
            {"label": str(label_others), "data": [row["others"] for row in rows]},
        ],
    }


def person_results(program, user, round_id=None):
    """Self against others per competency for one person, the gap and the change since the previous round."""
    rounds = _rounds(program)
    selected = _pick_round(rounds, round_id)
    table = _aggregate_scores(Score.objects.filter(assessment__subject=user, assessment__round__program=program))
    names = competency_names(_framework_ids(rounds))
    codes = [code for code, _name in names]
    previous = _previous_with_data(rounds, selected, table, codes) if selected else None
    rows = _comparison_rows(names, table, selected, previous)
    low_codes = [row["code"] for row in rows if row["low"]]
    suggestions = defaultdict(list)
    for suggestion in DevelopmentSuggestion.objects.filter(competency_code__in=low_codes):
        suggestions[suggestion.competency_code].append(suggestion.text)
    for row in rows:
        row["suggestions"] = suggestions.get(row["code"], [])
    details = []
    if selected:
        details = list(
            Score.objects.filter(assessment__round=selected, assessment__subject=user, assessment__status=SUBMITTED)
            .select_related("behaviour__competency", "assessment")
            .order_by("behaviour__competency__order", "behaviour__order", "assessment__kind")
        )
    return {
        "rounds": rounds,
        "round": selected,
        "previous": previous,
        "rows": rows,
        "details": details,
        "radar": _radar(rows, _("Self-assessment"), _("Others' ratings")),
    }


def organisation_results(program, partner, round_id=None, *, everyone=False):
    """Averages of an organisation's people per competency (self against others) and the change.

    Unless the reader sees `everyone` individually, averages that could single a person out are left out
    (`too_few` says the selected round lost some)."""
    rounds = _rounds(program)
    selected = _pick_round(rounds, round_id)
    table = _aggregate_scores(Score.objects.filter(assessment__partner=partner, assessment__round__program=program))
    hidden = set()
    if not everyone:
        table, hidden = _publishable(table, _organisation_wide(program, partner.pk))
    names = competency_names(_framework_ids(rounds))
    codes = [code for code, _name in names]
    previous = _previous_with_data(rounds, selected, table, codes) if selected else None
    rows = _comparison_rows(names, table, selected, previous)
    people = (
        Assessment.objects.filter(partner=partner, round=selected, status=SUBMITTED)
        .values("subject")
        .distinct()
        .count()
        if selected
        else 0
    )
    return {
        "rounds": rounds,
        "round": selected,
        "previous": previous,
        "rows": rows,
        "people": people,
        "too_few": bool(selected and selected.pk in hidden),
        "radar": _radar(rows, _("Self-assessment"), _("Others' ratings")),
    }


def program_summary(program, round_id=None, *, everyone=False):
    """The program's competency summary: per competency, per organisation, change since the previous round.

    Unless the reader sees `everyone` individually, averages that could single a person out are left out:
    program-wide rows and trend points by `anonymity`, organisation rows likewise (`too_few` and
    `hidden_organisations` say how much was left out of the selected round)."""
    rounds = _rounds(program)
    selected = _pick_round(rounds, round_id)
    scores = Score.objects.filter(assessment__round__program=program)
    table = _aggregate_scores(scores)
    hidden = set()
    if not everyone:
        table, hidden = _publishable(table, _program_wide(program))
    names = competency_names(_framework_ids(rounds))
    codes = [code for code, _name in names]
    previous = _previous_with_data(rounds, selected, table, codes) if selected else None
    rows = _comparison_rows(names, table, selected, previous)
    organisations = []
    if selected:
        organisations = list(
            scores.filter(assessment__round=selected, assessment__status=SUBMITTED, assessment__partner__isnull=False)
            .values("assessment__partner_id", "assessment__partner__organisation__name")
            .annotate(
                self_avg=Avg("value", filter=SELF),
                others_avg=Avg("value", filter=~SELF),
                all_avg=Avg("value"),
                people=Count("assessment__subject", distinct=True),
            )
            .order_by("assessment__partner__organisation__name")
        )
        if not everyone:
            organisations = [
                org for org in organisations if _organisation_shown(program, selected.pk, org["assessment__partner_id"])
            ]
        for org in organisations:
            org["self_avg"] = _round1(org["self_avg"])
            org["others_avg"] = _round1(org["others_avg"])
            org["all_avg"] = _round1(org["all_avg"])
            org["gap"] = _delta(org["self_avg"], org["others_avg"])
    counts = {}
    if selected:
        counts = Assessment.objects.filter(round=selected).aggregate(
            submitted=Count("pk", filter=Q(status=SUBMITTED)),
            drafts=Count("pk", filter=Q(status=Submission.DRAFT)),
        )
    return {
        "rounds": rounds,
        "round": selected,
        "previous": previous,
        "rows": rows,
        "organisations": organisations,
        "counts": counts,
        "too_few": bool(selected and selected.pk in hidden),
        "trend": _trend(rounds, table, names),
    }


def _trend(rounds, table, names):
    dated = [r for r in rounds if any((r.pk, code) in table for code, _name in names)]
    return {
        "labels": [f"{r.get_kind_display()} {date_format(r.held_on)}" for r in dated],
        "datasets": [
            {"label": name, "data": [table.get((r.pk, code), {}).get("all") for r in dated]}
            for code, name in names
            if any((r.pk, code) in table for r in dated)
        ],
    }


def health_comparison(program, rounds=None):
    """Each dimension's average per round, with red/amber/green and a flag where it fell (three queries;
    two when the caller passes the program's rounds).

    A round shows averages only from `HEALTH_CHECK_MIN_RESPONDENTS` answers on: below that its cells are
    empty and marked `too_few`, and the round is listed in `too_few`. Falling compares shown averages only."""
    rounds = _rounds(program) if rounds is None else rounds
    dimensions = list(HealthDimension.objects.all())
    averages = {
        (row["health_check__round_id"], row["dimension_id"]): (row["avg"], row["n"])
        for row in HealthScore.objects.filter(health_check__round__program=program, health_check__status=SUBMITTED)
        .values("health_check__round_id", "dimension_id")
        .annotate(avg=Avg("value"), n=Count("health_check", distinct=True))
        .order_by()
    }
    with_data = [r for r in rounds if any((r.pk, d.pk) in averages for d in dimensions)]
    respondents = {r.pk: max(averages.get((r.pk, d.pk), (None, 0))[1] for d in dimensions) for r in with_data}
    too_few = [r for r in with_data if not anonymity.enough_respondents(respondents[r.pk])]
    rows = []
    for dimension in dimensions:
        cells, previous = [], None
        for r in with_data:
            avg, n = averages.get((r.pk, dimension.pk), (None, 0))
            hidden = not anonymity.enough_respondents(respondents[r.pk])
            avg = None if hidden else _round1(avg)
            change = _delta(avg, previous)
            cells.append(
                {
                    "round": r,
                    "avg": avg,
                    "n": n,
                    "too_few": hidden,
                    "rag": rag(avg),
                    "change": change,
                    "fell": bool(change and change < 0),
                }
            )
            if avg is not None:
                previous = avg
        latest = cells[-1] if cells else None
        rows.append({"dimension": dimension, "cells": cells, "latest": latest, "fell": bool(latest and latest["fell"])})
    chart = {
        "labels": [f"{r.get_kind_display()} {date_format(r.held_on)}" for r in with_data],
        "datasets": [{"label": row["dimension"].name, "data": [c["avg"] for c in row["cells"]]} for row in rows],
    }
    return {
        "rounds": with_data,
        "respondents": respondents,
        "too_few": too_few,
        "rows": rows,
        "falling": [row for row in rows if row["fell"]],
        "chart": chart,
    }


def health_comments(round_, respondents=None):
    """Submitted comments of a round that has enough answers to show results (else []); names are left
    out when the round is anonymous, and then the comments come in text order, not in answer order.
    `respondents`: the round's number of submitted answers when the caller has it (saves a query)."""
    submitted = HealthCheck.objects.filter(round=round_, status=SUBMITTED)
    if not anonymity.enough_respondents(submitted.count() if respondents is None else respondents):
        return []
    checks = (
        submitted.exclude(comments="")
        .select_related("respondent", "partner__organisation")
        .order_by("comments" if round_.health_anonymous else "pk")
    )
    return [
        {
            "text": check.comments,
            "who": None if round_.health_anonymous else str(check.respondent),
            "organisation": None if round_.health_anonymous or not check.partner else check.partner.organisation.name,
        }
        for check in checks
    ]


def program_trends(program):
    """For the report: competency and health averages per round. Always six queries.

    Averages that could single a person out are left out, for every reader (a report travels):
    `competency_too_few` / `health_too_few` on a round say so.

    {"rounds": [{"id", "kind", "label", "date", "competency_too_few", "health_too_few"}],
     "competencies": [{"code", "name", "values": [avg or None per round]}],
     "health": [{"code", "name", "values": [...], "rag": [...], "fell": bool (latest round fell)}]}
    """
    rounds = _rounds(program)
    table = _aggregate_scores(Score.objects.filter(assessment__round__program=program))
    table, hidden = _publishable(table, _program_wide(program))
    names = program_competency_names(program)
    health = health_comparison(program, rounds)
    health_hidden = {r.pk for r in health["too_few"]}
    health_by_round = {}
    for row in health["rows"]:
        for cell in row["cells"]:
            health_by_round[(row["dimension"].code, cell["round"].pk)] = cell
    return {
        "rounds": [
            {
                "id": r.pk,
                "kind": r.kind,
                "label": f"{r.get_kind_display()} {date_format(r.held_on)}",
                "date": r.held_on,
                "competency_too_few": r.pk in hidden,
                "health_too_few": r.pk in health_hidden,
            }
            for r in rounds
        ],
        "competencies": [
            {"code": code, "name": name, "values": [table.get((r.pk, code), {}).get("all") for r in rounds]}
            for code, name in names
        ],
        "health": [
            {
                "code": row["dimension"].code,
                "name": row["dimension"].name,
                "values": [health_by_round.get((row["dimension"].code, r.pk), {}).get("avg") for r in rounds],
                "rag": [health_by_round.get((row["dimension"].code, r.pk), {}).get("rag") for r in rounds],
                "fell": row["fell"],
            }
            for row in health["rows"]
        ],
    }


def latest_scores_for_programs(program_ids):
    """{program_id: {"competency": avg or None, "health": avg or None, "round_date": date or None,
    "competency_too_few": bool, "health_too_few": bool}}.

    The latest round (by date) holding any submitted assessment or health check; four queries in all.
    An average that could single a person out (too few answers, see `anonymity`) is None, with its
    `*_too_few` flag set: these numbers are shown to everyone in the program.
    """
    program_ids = list(program_ids)
    empty = {"competency": None, "health": None, "round_date": None, "competency_too_few": False}
    result = {pk: {**empty, "health_too_few": False} for pk in program_ids}
    if not program_ids:
        return result
    competency = {
        row["assessment__round_id"]: row["avg"]
        for row in Score.objects.filter(assessment__round__program_id__in=program_ids, assessment__status=SUBMITTED)
        .values("assessment__round_id")
        .annotate(avg=Avg("value"))
        .order_by()
    }
    health = {
        row["health_check__round_id"]: (row["avg"], row["n"])
        for row in HealthScore.objects.filter(
            health_check__round__program_id__in=program_ids, health_check__status=SUBMITTED
        )
        .values("health_check__round_id")
        .annotate(avg=Avg("value"), n=Count("health_check", distinct=True))
        .order_by()
    }
    blocks = anonymity.rated_people(
        Assessment.objects.filter(round__program_id__in=program_ids, status=SUBMITTED, round_id__in=list(competency))
    )
    shown = anonymity.published(blocks)
    competency_hidden = {key[0] for key, published in shown.items() if not published.total}
    with_data = set(competency) | set(health)
    rounds = (
        Round.objects.filter(pk__in=with_data)
        .order_by("program_id", "held_on", "pk")
        .values("pk", "program_id", "held_on")
    )
    for r in rounds:  # ascending: the last one per program wins
        health_avg, respondents = health.get(r["pk"], (None, 0))
        health_too_few = r["pk"] in health and not anonymity.enough_respondents(respondents)
        competency_too_few = r["pk"] in competency_hidden
        result[r["program_id"]] = {
            "competency": None if competency_too_few else _round1(competency.get(r["pk"])),
            "health": None if health_too_few else _round1(health_avg),
            "round_date": r["held_on"],
            "competency_too_few": competency_too_few,
            "health_too_few": health_too_few,
        }
    return result


def round_people(round_, user):
    """The round's assessed people with the state of their self-assessment and ratings, and the health
    check as counts only (who has answered is never shown): three queries.

    {"people": [...], "health": {"respondents", "answered", "waiting", "mine": status or None}}
    """
    # A closed round keeps listing the people of a partner that has left since.
    memberships = Membership.objects if round_.is_open else Membership.all_objects
    everyone = list(
        memberships.filter(program=round_.program)
        .select_related("user", "partner__organisation")
        .order_by("partner__organisation__name", "user__first_name", "user__username")
    )
    members = [m for m in everyone if is_assessed(round_, m)]
    states = defaultdict(dict)
    for a in Assessment.objects.filter(round=round_).values("subject_id", "rater_id", "kind", "status"):
        states[a["subject_id"]].setdefault(a["kind"], []).append(a)
    health = {
        h["respondent_id"]: h["status"]
        for h in HealthCheck.objects.filter(round=round_).values("respondent_id", "status")
    }
    respondents = {m.user_id for m in everyone if is_health_respondent(m)}
    answered = sum(1 for pk in respondents if health.get(pk) == SUBMITTED)
    people = []
    for m in members:
        state = states.get(m.user_id, {})
        self_rows = state.get(Assessment.Kind.SELF, [])
        people.append(
            {
                "membership": m,
                "self": self_rows[0]["status"] if self_rows else None,
                "facilitator": [a["status"] for a in state.get(Assessment.Kind.FACILITATOR, [])],
                "peers": sum(1 for a in state.get(Assessment.Kind.PEER, []) if a["status"] == SUBMITTED),
                "rated_by": {a["rater_id"]: a["status"] for kind in state.values() for a in kind},
            }
        )
    summary = {
        "respondents": len(respondents),
        "answered": answered,
        "waiting": len(respondents) - answered,
        "mine": health.get(user.pk) if user.pk in respondents else None,
    }
    return {"people": people, "health": summary}


def my_open_rounds(user):
    """Open rounds of the user's programs with the state of their own self-assessment and health check
    (three queries)."""
    rounds = list(
        Round.objects.filter(program__in=visible_programs(user), status=Round.Status.OPEN)
        .select_related("program")
        .order_by("closes_on", "pk")
    )
    mine = dict(
        Assessment.objects.filter(round__in=rounds, subject=user, kind=Assessment.Kind.SELF).values_list(
            "round_id", "status"
        )
    )
    health = dict(HealthCheck.objects.filter(round__in=rounds, respondent=user).values_list("round_id", "status"))
    return [{"round": r, "self": mine.get(r.pk), "health": health.get(r.pk)} for r in rounds]


def pending_submissions(now=None, *, closing_by=None):
    """Yield (user_id, round_id, kind, closes_on) for what is still unsubmitted in open rounds that have not
    passed their `closes_on` date (and, with `closing_by`, close by then: the reminder sweep asks only
    about rounds near their end, not every member of every open round). kind is "self_assessment" or
    "health_check". Four queries in all.
    """
    today = timezone.localdate(now) if now else timezone.localdate()
    rounds = Round.objects.filter(status=Round.Status.OPEN, closes_on__gte=today)
    if closing_by is not None:
        rounds = rounds.filter(closes_on__lte=closing_by)
    rounds = {r.pk: r for r in rounds}
    if not rounds:
        return
    by_program = defaultdict(list)
    for r in rounds.values():
        by_program[r.program_id].append(r)
    done_self = set(
        Assessment.objects.filter(round__in=rounds, kind=Assessment.Kind.SELF, status=SUBMITTED).values_list(
            "round_id", "subject_id"
        )
    )
    done_health = set(
        HealthCheck.objects.filter(round__in=rounds, status=SUBMITTED).values_list("round_id", "respondent_id")
    )
    members = Membership.objects.filter(program_id__in=by_program).order_by("program_id", "user_id")
    for m in members:
        for r in by_program[m.program_id]:
            if is_assessed(r, m) and (r.pk, m.user_id) not in done_self:
                yield (m.user_id, r.pk, "self_assessment", r.closes_on)
            if is_health_respondent(m) and (r.pk, m.user_id) not in done_health:
                yield (m.user_id, r.pk, "health_check", r.closes_on)


# From health check to action (issue 15, item 11) ---------------------------------------------


def plan_dimensions(round_, comparison=None):
    """{dimension id: (dimension, reason)} for the dimensions of `round_` an action plan may cover: red
    in this round, or fell since the previous round with results. Empty when the round shows no
    averages (too few answers). Three queries (health_comparison) unless `comparison` is passed."""
    comparison = health_comparison(round_.program) if comparison is None else comparison
    eligible = {}
    for row in comparison["rows"]:
        cell = next((c for c in row["cells"] if c["round"].pk == round_.pk), None)
        if cell is None or cell["avg"] is None:
            continue
        if cell["rag"] == "red":
            reason = _("red (%(avg)s)") % {"avg": cell["avg"]}
        elif cell["fell"]:
            reason = _("fell by %(change)s to %(avg)s") % {"change": abs(cell["change"]), "avg": cell["avg"]}
        else:
            continue
        eligible[row["dimension"].pk] = (row["dimension"], reason)
    return eligible


def health_actions(round_ids):
    """The action plans of rounds, with dimension and owners loaded: one query."""
    return list(
        HealthAction.objects.filter(round_id__in=round_ids)
        .select_related("dimension", "owner_person", "owner_partner__organisation")
        .order_by("round__held_on", "due_date", "pk")
    )


def previous_round(round_):
    """The program's round held before `round_` (by date, then creation), or None: one query."""
    return (
        Round.objects.filter(program_id=round_.program_id)
        .filter(Q(held_on__lt=round_.held_on) | Q(held_on=round_.held_on, pk__lt=round_.pk))
        .order_by("-held_on", "-pk")
        .first()
    )


def returnable_health_checks(round_):
    """The submitted health checks the facilitator may return, with their respondents (one query; none
    in a closed or anonymous round, where nobody may learn who answered what)."""
    if not round_.is_open or round_.health_anonymous:
        return []
    return list(
        HealthCheck.objects.filter(round=round_, status=Submission.SUBMITTED)
        .select_related("respondent")
        .order_by("respondent__first_name", "respondent__last_name", "pk")
    )
