"""Reminder rules, registered by the apps that own the data they read.

`notifications` imports no domain app. It owns the ledger, the claim, delivery, digests,
preferences and settings; every rule of *what* is due lives in its domain's app and is
registered from that app's `AppConfig.ready()`, in a module of its own (`<app>/reminders.py`):

    from notifications.registry import Due, register_reminder_rule

    def endorsement_reminders(sweep):
        queryset = ProgramPartner.objects.filter(...).order_by("pk").values("pk", "program_id", ...)
        for rows in sweep.batches(queryset):
            yield [
                due
                for row in rows
                for due in Due.for_people(
                    people, ENDORSEMENT_MISSING, "program_partner", row["pk"], period,
                    program_id=row["program_id"], label=..., url=...,
                )
            ]

    register_reminder_rule(
        "partners.endorsements",
        order=40,
        kinds={ENDORSEMENT_MISSING: _("Leadership endorsement still missing")},
        finder=endorsement_reminders,
    )

A finder is a generator: `finder(sweep)` yields **batches** (lists) of `Due` rows, and the sweep
records each batch as it arrives with one read of the ledger keys already present for the batch's
objects and one bulk insert of the new rows. A finder that reads its data in keyset batches
(`sweep.batches(queryset)`) therefore costs a fixed number of queries per batch, whatever the data
size. One finder may yield several kinds (the milestone rule yields due soon, overdue and stale from
one scan), but only the kinds it declared.

What a finder may use from the sweep (`notifications.reminders.Sweep`): `now`, `today`,
`batch_size`, `batches(queryset)`, `setting(program_id)` (the program's `ReminderSettings`, or the
defaults), `max_due_soon`, `min_stale_days`, `min_review_days` (the widest window any program
asks for), `cache(name)` (a dict kept for one sweep, so rules share what they read, e.g. a
program's facilitators) and `stats` (a Counter reported by the sweep).

Rules run in `order`, and reminder kinds are listed in that order in digests (bands: roadmap
10-29, assessments 30-39, partners 40-49, governance 50-59, facilitation 60-69).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from notifications import kinds as notification_kinds


class Due(NamedTuple):
    """One reminder the sweep should record: a row of the ledger, keyed by
    (user_id, kind, object_type, object_id, period) — the same key is never recorded twice."""

    user_id: int
    kind: str
    object_type: str
    object_id: int
    period: str
    program_id: int | None = None
    label: str = ""
    url: str = ""
    due_date: datetime.date | None = None

    @classmethod
    def for_people(
        cls, user_ids, kind, object_type, object_id, period, *, program_id=None, label="", url="", due_date=None
    ):
        """One row per distinct person (empty ids such as a missing responsible person are skipped)."""
        return [
            cls(user_id, kind, object_type, object_id, period, program_id, label, url, due_date)
            for user_id in sorted({uid for uid in user_ids if uid})
        ]


class SqlRows(NamedTuple):
    """Ledger rows as one SELECT, for a finder that works out what is due in SQL (PostgreSQL): the
    sweep inserts them with one `INSERT ... SELECT ... ON CONFLICT DO NOTHING`, and no row comes into
    Python. The SELECT yields, in this order: user_id, kind, object_type, object_id, period,
    program_id, label, url, due_date (rows with no user_id are skipped)."""

    sql: str
    params: list


@dataclass(frozen=True)
class ReminderRule:
    key: str
    order: int
    kinds: tuple
    finder: Callable


_RULES: dict[str, ReminderRule] = {}


def register_reminder_rule(key, *, finder, kinds, order=100):
    """Register (or replace) the rule `key`. `kinds` maps each kind the finder yields to its label."""
    if not kinds:
        raise ValueError(f"Reminder rule {key!r} declares no kinds.")
    notification_kinds.register_kinds(kinds)
    _RULES[key] = ReminderRule(key=key, order=order, kinds=tuple(kinds), finder=finder)


def reminder_rules():
    """The registered rules, in the order the sweep runs them."""
    return sorted(_RULES.values(), key=lambda rule: (rule.order, rule.key))


def reminder_kinds():
    """Every kind the sweep can record, in rule order (the order of groups in a digest)."""
    return [kind for rule in reminder_rules() for kind in rule.kinds]


# Settings adjusters -------------------------------------------------------------------------
# A domain app may tighten some programs' thresholds for one sweep (partners: emergency programs
# get shorter intervals). `adjuster(sweep)` returns {program_id: ReminderSettings (unsaved)} and is
# called once when the sweep starts, after the stored settings are read.

_SETTING_ADJUSTERS: dict[str, Callable] = {}


def register_settings_adjuster(key, adjuster):
    _SETTING_ADJUSTERS[key] = adjuster


def settings_adjusters():
    return [_SETTING_ADJUSTERS[key] for key in sorted(_SETTING_ADJUSTERS)]


# Done checks ---------------------------------------------------------------------------------
# Delivery re-checks every item before it is sent (issue 16, item 13): a digest must not say that a
# report waits for review minutes after it was approved. The app that owns an object type registers
# `checker(ids) -> set of the ids whose work is done` (one query for the whole batch).

_DONE_CHECKS: dict[str, Callable] = {}


def register_done_check(object_type, checker):
    _DONE_CHECKS[object_type] = checker


def done_ids(object_type, ids):
    """The ids among `ids` whose work is done (empty when nobody registered a check)."""
    checker = _DONE_CHECKS.get(object_type)
    if checker is None or not ids:
        return set()
    return set(checker(set(ids)))
