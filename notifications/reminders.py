"""The reminder sweep: work out from the database what is due, record it once, deliver it once.

    run_sweep(now)          run every registered reminder rule into the ledger, then deliver_pending(now)
    deliver_pending(now)    claim unsent ledger rows per batch of people, create in-app
                            notifications, then have the batch's emails sent (send_claimed: here,
                            or by a worker task): one email per person (or per item)
    send_weekly_digest(now) the Monday digest, once per person per ISO week

The rules themselves live in the apps whose data they read (`roadmap/reminders.py`,
`partners/reminders.py`, `assessments/reminders.py`), registered with `notifications.registry`.
Every step reads in batches (keyset pagination) with a fixed number of queries per batch, and
writes set-based (issue 19): `INSERT ... ON CONFLICT DO NOTHING` into the ledger, `UPDATE ...
RETURNING` for the claim, `INSERT ... SELECT` for the in-app copies; no Reminder model instance.
Exactly once: the ledger's unique constraint (person, kind, object, period) and the claim
`UPDATE ... SET sent_at = now WHERE sent_at IS NULL` taken before sending. See docs/notifications.md.
"""

import datetime
import logging
import uuid
from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.queue import enqueue_on_commit
from notifications import kinds
from notifications.emails import digest_message, single_message, weekly_message
from notifications.models import (
    DEFAULT_PREFERENCE,
    DigestRun,
    Notification,
    Preference,
    Reminder,
    ReminderSettings,
    preference_for,
)
from notifications.registry import Due, SqlRows, done_ids, reminder_rules, settings_adjusters

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000

# Who sends a claimed batch's emails (run_sweep / deliver_pending `emails=`).
SEND = "send"  # this process, right after the batch's claim commits
QUEUE = "queue"  # a Celery task per batch (tasks.send_reminder_emails), published after the commit
HOLD = "hold"  # nobody yet: (token, user ids) per batch are left in sweep.claims for the caller to send
USER_BATCH_SIZE = 500
WEEKLY_ITEMS_SHOWN = 20


_SENTINEL = 918273645
_url_patterns = {}


def link(name, *args, fallback=""):
    """reverse() with one real call per route and arity: a sweep builds thousands of links."""
    key = (name, len(args))
    if key not in _url_patterns:
        try:
            _url_patterns[key] = reverse(name, args=[_SENTINEL] * len(args))
        except NoReverseMatch:
            _url_patterns[key] = None
    pattern = _url_patterns[key]
    if pattern is None:
        return fallback
    for arg in args:
        pattern = pattern.replace(str(_SENTINEL), str(arg), 1)
    return pattern


def link_parts(name):
    """(before, after) the one argument of a route, for a link built in SQL (before || id || after);
    None when the route does not exist."""
    pattern = link(name, _SENTINEL)
    if not pattern:
        return None
    before, _, after = pattern.partition(str(_SENTINEL))
    return before, after


def week_period(now):
    year, week, _ = timezone.localtime(now).isocalendar()
    return f"{year}-W{week:02d}"


class Sweep:
    """One sweep's shared state, handed to every rule's finder: the time, per-program settings,
    a per-sweep cache the rules share (recipients read once per sweep), counters."""

    def __init__(self, now=None, *, dry_run=False, batch_size=BATCH_SIZE):
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.stats = Counter()
        self.would_send = []
        self.settings = {row.program_id: row for row in ReminderSettings.objects.all()}
        self.default = ReminderSettings()
        self._cache = {}
        self.claims = []  # (claim token, user ids) of each batch delivered by run_sweep
        for adjuster in settings_adjusters():
            self.settings.update(adjuster(self))

    # --- per-program settings ---------------------------------------------------------
    def setting(self, program_id):
        return self.settings.get(program_id, self.default)

    def _all_settings(self):
        return [self.default, *self.settings.values()]

    @property
    def max_due_soon(self):
        return max(max(row.due_soon_list) for row in self._all_settings())

    @property
    def min_stale_days(self):
        return min(row.stale_after_days for row in self._all_settings())

    @property
    def min_review_days(self):
        return min(row.review_after_days for row in self._all_settings())

    # --- helpers for the rules ----------------------------------------------------------
    def cache(self, name):
        """A dict kept for this sweep only, shared by the rules (e.g. program -> facilitators)."""
        return self._cache.setdefault(name, {})

    def batches(self, queryset):
        """Lists of at most batch_size rows by keyset pagination on pk. `queryset` is a
        `.values(...)` queryset ordered by pk that includes "pk"; one query per batch."""
        last_pk = 0
        while True:
            rows = list(queryset.filter(pk__gt=last_pk)[: self.batch_size])
            if not rows:
                return
            last_pk = rows[-1]["pk"]
            yield rows

    # --- recording ----------------------------------------------------------------------
    def record(self, rows, *, allowed_kinds=None):
        """Insert the `Due` rows not already in the ledger: one set-based statement per batch.

        `INSERT ... ON CONFLICT DO NOTHING RETURNING kind`: the unique constraint (person, kind,
        object, period) skips what is already there, also when a concurrent sweep inserted it a
        moment ago, and RETURNING counts what is new. No model instance is built."""
        if isinstance(rows, SqlRows):
            return self._record_sql(rows, allowed_kinds)
        if not rows:
            return 0
        if allowed_kinds is not None:
            for row in rows:
                if row.kind not in allowed_kinds:
                    raise ValueError(f"Reminder kind {row.kind!r} was not declared by its rule.")
        if self.dry_run:
            new = self._not_yet_recorded(rows)
            self.stats.update(reminder.kind for reminder in new)
            self.would_send.extend(new)
            return len(new)
        inserted = insert_ledger_rows(rows, self.now)
        self.stats.update(inserted)
        return len(inserted)

    def _record_sql(self, rows, allowed_kinds):
        """A finder's SELECT inserted as it stands: `INSERT ... SELECT ... ON CONFLICT DO NOTHING`.
        A kind the rule did not declare rolls the insert back and stops the sweep."""
        if self.dry_run:
            with connection.cursor() as cursor:
                cursor.execute(rows.sql, rows.params)
                due = [Due(*row) for row in cursor.fetchall() if row[0]]
            return self.record(due, allowed_kinds=allowed_kinds)
        table = connection.ops.quote_name(Reminder._meta.db_table)
        # No savepoint: the ValueError below rolls back the insert (or the caller's transaction).
        no_jit = _NO_JIT if connection.vendor == "postgresql" else ""
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(
                f"{no_jit}INSERT INTO {table} ({_LEDGER_COLUMNS}, {_LEDGER_FIXED}) "
                f"SELECT s.*, '', %s, false, '', NULL, NULL, NULL FROM ({rows.sql}) AS s "
                "WHERE s.user_id IS NOT NULL ON CONFLICT DO NOTHING RETURNING kind",
                [self.now, *rows.params],
            )
            inserted = [kind for (kind,) in cursor.fetchall()]
            undeclared = set(inserted) - set(allowed_kinds) if allowed_kinds is not None else set()
            if undeclared:
                raise ValueError(f"Reminder kind {sorted(undeclared)[0]!r} was not declared by its rule.")
        self.stats.update(inserted)
        return len(inserted)

    def _not_yet_recorded(self, rows):
        """Dry run: the rows the ledger does not hold yet, as unsaved Reminders (one read)."""
        ids_by_type = defaultdict(set)
        for row in rows:
            ids_by_type[row.object_type].add(row.object_id)
        present = Q()
        for object_type, object_ids in ids_by_type.items():
            present |= Q(object_type=object_type, object_id__in=object_ids)
        existing = set(
            Reminder.objects.filter(present).values_list("user_id", "kind", "object_type", "object_id", "period")
        )
        new, seen = [], set()
        for row in rows:
            key = (row.user_id, row.kind, row.object_type, row.object_id, row.period)
            if key in existing or key in seen:
                continue
            seen.add(key)
            new.append(
                Reminder(
                    user_id=row.user_id, kind=row.kind, object_type=row.object_type, object_id=row.object_id,
                    period=row.period, program_id=row.program_id, label=str(row.label)[:300], url=row.url,
                    due_date=row.due_date, created_at=self.now,
                )
            )  # fmt: skip
        return new

    def collect(self):
        """Run every registered rule, recording each batch it yields as it comes."""
        for rule in reminder_rules():
            allowed = set(rule.kinds)
            for batch in rule.finder(self):
                self.record(batch, allowed_kinds=allowed)
        return self.stats


def run_sweep(now=None, *, dry_run=False, batch_size=BATCH_SIZE, emails=SEND):
    """One full sweep: record what is due, then claim and deliver everything unsent. Returns the sweep.

    `emails` says who sends the claimed batches' emails once the claims are committed: SEND (this
    process, batch after batch), QUEUE (a Celery task per batch, as the hourly beat sweep does) or
    HOLD (nobody yet: the (claim token, user ids) of each batch are left in `sweep.claims` for the
    caller to pass to `send_claimed`; the benchmark times the two parts apart)."""
    sweep = Sweep(now, dry_run=dry_run, batch_size=batch_size)
    sweep.collect()
    if dry_run:
        sweep.stats["dry_run_people"] = len({row.user_id for row in sweep.would_send})
        return sweep
    stats = deliver_pending(sweep.now, emails=emails, claims=sweep.claims)
    sweep.stats.update(stats)
    return sweep


# --- recording, set-based -------------------------------------------------------------------

# 10 parameters a row: 3,000 rows stay below SQLite's 32,766 bound parameters (3.32+).
SQLITE_ROWS_PER_INSERT = 3000
_LEDGER_COLUMNS = "user_id, kind, object_type, object_id, period, program_id, label, url, due_date"
_LEDGER_FIXED = "message, created_at, notified, outcome, sent_at, claim, emailed_at"
# No JIT compilation for the sweep's big statements (PostgreSQL compiles any statement above
# jit_above_cost: 0.1-0.6 s each, for statements that run about a second). SET LOCAL in the same
# call: it ends with the statement's (implicit) transaction, or the caller's, and costs no query.
_NO_JIT = "SET LOCAL jit = off; "


def insert_ledger_rows(rows, now):
    """Insert `Due` rows into the ledger, skipping keys already there -> the kinds of the new rows.

    PostgreSQL: one `INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING RETURNING kind`.
    SQLite (the dev default): `INSERT ... VALUES ... ON CONFLICT DO NOTHING RETURNING kind` (3.35+;
    on 3.24-3.34 one statement per kind, counted by its row count)."""
    values = [
        (
            row.user_id, row.kind, row.object_type, row.object_id, str(row.period)[:40], row.program_id,
            str(row.label)[:300], str(row.url)[:300], row.due_date,
        )
        for row in rows
    ]  # fmt: skip
    table = connection.ops.quote_name(Reminder._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"{_NO_JIT}INSERT INTO {table} ({_LEDGER_COLUMNS}, {_LEDGER_FIXED}) "
                "SELECT t.*, '', %s, false, '', NULL, NULL, NULL FROM unnest("
                "%s::bigint[], %s::varchar[], %s::varchar[], %s::bigint[], %s::varchar[], %s::bigint[],"
                " %s::varchar[], %s::varchar[], %s::date[]) AS t "
                "ON CONFLICT DO NOTHING RETURNING kind",
                [now, *(list(column) for column in zip(*values, strict=True))],
            )
            return [kind for (kind,) in cursor.fetchall()]
        if connection.features.can_return_columns_from_insert:  # SQLite 3.35+: RETURNING
            inserted = []
            for start in range(0, len(values), SQLITE_ROWS_PER_INSERT):
                chunk = values[start : start + SQLITE_ROWS_PER_INSERT]
                cursor.execute(
                    f"INSERT INTO {table} ({_LEDGER_COLUMNS}, created_at, message, notified, outcome) VALUES "
                    + ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', false, '')"] * len(chunk))
                    + " ON CONFLICT DO NOTHING RETURNING kind",
                    [param for value in chunk for param in (*value, now)],
                )
                inserted += [kind for (kind,) in cursor.fetchall()]
            return inserted
        # Older SQLite (3.24-3.34): no RETURNING, so one statement per kind, counted by its row count.
        by_kind = defaultdict(list)
        for value in values:
            by_kind[value[1]].append((*value, now))
        inserted = []
        for kind, kind_values in by_kind.items():
            cursor.executemany(
                f"INSERT INTO {table} ({_LEDGER_COLUMNS}, created_at, message, notified, outcome) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', false, '') ON CONFLICT DO NOTHING",
                kind_values,
            )
            inserted += [kind] * max(cursor.rowcount, 0)
        return inserted


# --- delivery -----------------------------------------------------------------------------


class Claimed:
    """One claimed ledger row, as delivery needs it (a plain object: no model instance per row)."""

    __slots__ = ("pk", "user_id", "kind", "object_type", "object_id", "label", "message", "url", "due_date",
                 "created_at", "notified")  # fmt: skip

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


_CLAIMED_COLUMNS = "id, user_id, kind, object_type, object_id, label, message, url, due_date, created_at, notified"


def _uuid_param(value):
    return value.hex if connection.vendor == "sqlite" else value  # SQLite stores a UUIDField as 32 hex digits


def _update_returning(cursor, update_sql, params, claim, user_ids):
    """Run a claiming UPDATE -> the rows now carrying `claim`, as `Claimed`, by user and pk.
    `UPDATE ... RETURNING` (PostgreSQL, SQLite 3.35+); on older SQLite the UPDATE, then one read by
    the new claim (SQLite has one writer at a time, so nobody can change those rows in between)."""
    if connection.vendor == "postgresql" or connection.features.can_return_columns_from_insert:
        cursor.execute(f"{update_sql} RETURNING {_CLAIMED_COLUMNS}", params)
    else:
        cursor.execute(update_sql, params)
        table = connection.ops.quote_name(Reminder._meta.db_table)
        people = f"user_id IN ({_in(user_ids)}) AND " if user_ids else ""
        cursor.execute(
            f"SELECT {_CLAIMED_COLUMNS} FROM {table} WHERE {people}claim = %s",
            [*(user_ids or ()), _uuid_param(claim)],
        )
    return _claimed_rows(cursor)


def _claimed_rows(cursor):
    rows = [Claimed(*row) for row in cursor.fetchall()]
    if connection.vendor == "sqlite":  # raw SQL on SQLite gives back text and integers
        for row in rows:
            row.due_date = row.due_date and datetime.date.fromisoformat(str(row.due_date))
            row.created_at = _sqlite_datetime(row.created_at)
            row.notified = bool(row.notified)
    rows.sort(key=lambda row: (row.user_id, row.pk))
    return rows


def _sqlite_datetime(value):
    if isinstance(value, datetime.datetime):
        return value
    parsed = datetime.datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _in(values):
    return ", ".join(["%s"] * len(values))


def deliver_pending(now=None, *, user_ids=None, batch_size=USER_BATCH_SIZE, emails=SEND, claims=None):
    """Claim every unsent ledger row, batch by batch of people, create the in-app notifications, and
    have the emails sent (see run_sweep for `emails`). Safe to run concurrently."""
    now = now or timezone.now()
    stats = Counter()
    unsent = Reminder.objects.filter(sent_at=None).exclude(kind=kinds.WEEKLY_DIGEST)
    if user_ids is not None:
        unsent = unsent.filter(user_id__in=list(user_ids))
    last_user = 0
    while True:
        batch = list(
            unsent.filter(user_id__gt=last_user)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()[:batch_size]
        )
        if not batch:
            break
        last_user = batch[-1]
        token = uuid.uuid4()
        claimed, in_app = _claim_batch(now, batch, token, stats)
        if not claimed:
            continue
        stats["claimed"] += claimed
        stats["in_app"] += in_app
        if emails == SEND:
            stats.update(send_claimed(token, now, batch))
        elif emails == QUEUE:
            from notifications.tasks import send_reminder_emails  # the tasks module imports this one

            queued = enqueue_on_commit(send_reminder_emails, str(token), now.isoformat(), batch)
            if queued.sent is False:  # published at once (no outer transaction) and the broker refused it
                stats.update(send_claimed(token, now, batch))
            else:
                stats["email_batches_queued"] += 1
        if claims is not None:
            claims.append((token, batch))
    return stats


def _claim_batch(now, user_ids, token, stats):
    """The claim, in one transaction -> (rows claimed, in-app notifications created).

    `UPDATE ... SET sent_at, claim WHERE sent_at IS NULL ... RETURNING`: under concurrency the second
    UPDATE waits for the first's row locks and then finds sent_at no longer NULL, so each row is
    claimed by one process only. The claimed rows are re-checked (work already done, said twice),
    and the in-app copies are inserted from the ledger with one `INSERT ... SELECT`."""
    table = connection.ops.quote_name(Reminder._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        rows = _update_returning(
            cursor,
            f"UPDATE {table} SET sent_at = %s, claim = %s, outcome = '' "
            f"WHERE user_id IN ({_in(user_ids)}) AND sent_at IS NULL AND kind <> %s",
            [now, _uuid_param(token), *user_ids, kinds.WEEKLY_DIGEST],
            token,
            user_ids,
        )
        if not rows:
            return 0, 0
        rows, dropped = _drop_done_and_repeated(rows)
        if dropped:
            # Claimed (sent_at set) and marked: never sent, never claimed again.
            Reminder.objects.filter(pk__in=[row.pk for row in dropped]).update(
                outcome=Reminder.Outcome.DROPPED, notified=True
            )
            stats["dropped"] += len(dropped)
        in_app = sum(1 for row in rows if not row.notified)
        if in_app:
            # `notified` needs no update: a claimed row is never claimed again unless
            # send_claimed releases it, and the release sets it.
            notification_table = connection.ops.quote_name(Notification._meta.db_table)
            cursor.execute(
                f"INSERT INTO {notification_table} "
                "(user_id, kind, label, message, url, object_type, object_id, created_at) "
                f"SELECT user_id, kind, label, message, url, object_type, object_id, %s FROM {table} "
                f"WHERE user_id IN ({_in(user_ids)}) AND claim = %s AND NOT notified AND outcome = ''",
                [timezone.now(), *user_ids, _uuid_param(token)],
            )
    return len(rows) + len(dropped), in_app


def _drop_done_and_repeated(rows):
    """Re-check claimed rows at delivery (issue 16, item 13) -> (rows to send, rows dropped).

    Dropped: a row whose work is already done (a report reviewed since, a milestone closed; each app
    registers its check with `register_done_check`), and a second row about the same thing for the
    same person (a "report submitted" notification and a "report waiting for review" reminder).
    Also dropped: a `do_notify` row about some work whose in-app notification is already read, as
    when one person did their own part (signed, answered, submitted) while the work as a whole is
    still open: do_resolve_notifications(users=...) marks only theirs.
    The in-app notification of a dropped `do_notify` row is marked read: the work is done.
    Costs one query for the notifications' subjects plus one per object type with a check.
    """
    subjects = {row.pk: (row.object_type, row.object_id) for row in rows}
    notification_ids = [row.object_id for row in rows if row.object_type == "notification"]
    about, read = {}, set()
    if notification_ids:
        for pk, object_type, object_id, read_at in (
            Notification.objects.filter(pk__in=notification_ids)
            .exclude(object_type="")
            .values_list("pk", "object_type", "object_id", "read_at")
        ):
            about[pk] = (object_type, object_id)
            if read_at is not None:
                read.add(pk)
    for row in rows:
        if row.object_type == "notification" and row.object_id in about:
            subjects[row.pk] = about[row.object_id]
    by_type = defaultdict(set)
    for object_type, object_id in subjects.values():
        by_type[object_type].add(object_id)
    done = {(object_type, pk) for object_type, ids in by_type.items() for pk in done_ids(object_type, ids)}
    keep, dropped, seen = [], [], {}
    for row in rows:
        subject = subjects[row.pk]
        key = (row.user_id, subject)
        from_notification = row.object_type == "notification"
        # A repeat is a notification and a reminder about the same thing; two reminder rules
        # (overdue and stale of one milestone) say different things and both stay.
        repeated = key in seen and (from_notification or seen[key])
        if subject in done or repeated or (from_notification and row.object_id in read):
            dropped.append(row)
        else:
            keep.append(row)
            seen[key] = seen.get(key, False) or from_notification
    resolved = [row.object_id for row in dropped if row.object_type == "notification" and subjects[row.pk] in done]
    if resolved:
        Notification.objects.filter(pk__in=resolved, read_at=None).update(read_at=timezone.now())
    return keep, dropped


class Person:
    """The recipient of a batch's emails, read as plain values (no model instance per person)."""

    __slots__ = ("pk", "username", "first_name", "last_name", "email", "is_active", "language", "mode", "muted")

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


def _people(user_ids):
    """pk -> Person, with their email preferences (the defaults when they have no row): one query."""
    rows = (
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .values_list(
            "pk", "username", "first_name", "last_name", "email", "is_active", "language",
            "notification_preference__email", "notification_preference__muted_kinds",
        )
    )  # fmt: skip
    people = {}
    for row in rows:
        person = Person(*row)
        person.mode = person.mode or DEFAULT_PREFERENCE.email
        person.muted = set(person.muted or ())
        people[person.pk] = person
    return people


def _messages_for(person, rows):
    """-> [(message, row ids)]. Muted kinds and 'off' stay in the app only."""
    if not person.email or not person.is_active or person.mode == Preference.Email.OFF:
        return []
    rows = [row for row in rows if row.kind not in person.muted]
    if not rows:
        return []
    if person.mode == Preference.Email.IMMEDIATE:
        return [(single_message(person, row), [row.pk]) for row in rows]
    return [(digest_message(person, rows), [row.pk for row in rows])]


def send_claimed(token, now=None, user_ids=None):
    """Send the emails of one claimed batch, over one connection; record what went out, release
    what failed. Run by the sweep itself or by the worker (`tasks.send_reminder_emails`).

    Exactly once: the batch is first handed over to a fresh token (`UPDATE ... SET claim = new WHERE
    claim = token AND outcome = '' RETURNING ...`), so a duplicated task message, or a second
    worker, finds nothing left under the old token. `user_ids` (the batch's people) lets that UPDATE
    find the rows through the ledger's unique index instead of reading the whole ledger."""
    now = now or timezone.now()
    token = token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    sending = uuid.uuid4()
    table = connection.ops.quote_name(Reminder._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        people = f"user_id IN ({_in(user_ids)}) AND " if user_ids else ""
        rows = _update_returning(
            cursor,
            f"UPDATE {table} SET claim = %s WHERE {people}claim = %s AND outcome = '' AND emailed_at IS NULL",
            [_uuid_param(sending), *(user_ids or ()), _uuid_param(token)],
            sending,
            user_ids,
        )
    stats = Counter()
    if not rows:
        return stats
    by_user = defaultdict(list)
    for row in rows:
        by_user[row.user_id].append(row)
    people = _people(list(by_user))
    emailed, failed, in_app_only = [], [], []
    connection_ = get_connection()
    try:
        try:
            connection_.open()
        except Exception:  # each send below retries the connection and fails on its own
            logger.exception("Could not open the email connection")
        for user_id, user_rows in by_user.items():
            person = people.get(user_id)
            try:
                messages = _messages_for(person, user_rows) if person else []
            except Exception:  # a rendering bug must not leave the batch claimed and unsent
                logger.exception("Reminder email to user %s could not be built", user_id)
                failed += [row.pk for row in user_rows]
                continue
            ids = {pk for _, message_ids in messages for pk in message_ids}
            in_app_only += [row.pk for row in user_rows if row.pk not in ids]
            for message, message_ids in messages:
                try:
                    message.connection = connection_
                    message.send()
                except Exception:  # SMTP refused, network down: retried on the next sweep
                    logger.exception("Reminder email to user %s failed", user_id)
                    failed += message_ids
                else:
                    emailed += message_ids
                    stats["emails"] += 1
    finally:
        connection_.close()
    if emailed:
        Reminder.objects.filter(pk__in=emailed).update(emailed_at=now, outcome=Reminder.Outcome.EMAILED)
    if in_app_only:
        Reminder.objects.filter(pk__in=in_app_only).update(outcome=Reminder.Outcome.IN_APP)
    if failed:
        # The send raised, so nothing went out: release the claim for the next sweep.
        # (The in-app notification already exists and is not created twice: notified=True.)
        Reminder.objects.filter(pk__in=failed).update(
            sent_at=None, claim=None, notified=True, outcome=Reminder.Outcome.FAILED
        )
        stats["failed"] += len(failed)
    return stats


# --- weekly digest ------------------------------------------------------------------------


# A digest missed by beat (worker or Redis down on Monday morning) is still sent by the
# hourly sweep up to this long after Monday 07:00; later than that it would be stale news.
WEEKLY_CATCH_UP = datetime.timedelta(hours=48)


def weekly_digest_due(now):
    """True from this week's Monday 07:00 (Asia/Jakarta) until WEEKLY_CATCH_UP later."""
    local = timezone.localtime(now)
    monday = local.date() - datetime.timedelta(days=local.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(7, 0)), local.tzinfo)
    return start <= local < start + WEEKLY_CATCH_UP


def catch_up_weekly_digest(now=None):
    """Called by the hourly sweep: sends this week's digest if beat missed it."""
    now = now or timezone.now()
    if not weekly_digest_due(now):
        return Counter()
    if DigestRun.objects.filter(period=week_period(now), finished_at__isnull=False).exists():
        return Counter()
    return send_weekly_digest(now)


def send_weekly_digest(now=None, *, batch_size=USER_BATCH_SIZE):
    """One email per person per ISO week: last week's reminders and the unread count."""
    now = now or timezone.now()
    period = week_period(now)
    run, _ = DigestRun.objects.get_or_create(period=period, defaults={"started_at": now})
    stats = Counter()
    if run.finished_at:
        return stats
    since = now - datetime.timedelta(days=7)
    people = get_user_model().objects.filter(is_active=True).exclude(email="").select_related("notification_preference")
    last_pk = 0
    while True:
        users = list(people.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not users:
            break
        last_pk = users[-1].pk
        stats.update(_weekly_batch(now, period, since, users))
    DigestRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    return stats


def _weekly_batch(now, period, since, users):
    ids = [user.pk for user in users]
    items = defaultdict(list)
    recent = (
        Reminder.objects.filter(user_id__in=ids, created_at__gte=since)
        .exclude(kind=kinds.WEEKLY_DIGEST)
        .order_by("user_id", "due_date", "pk")
    )
    for row in recent.only("pk", "user_id", "kind", "label", "url", "due_date", "created_at"):
        items[row.user_id].append(row)
    unread = dict(
        Notification.objects.filter(user_id__in=ids, read_at=None)
        .values_list("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    wanted = [u for u in users if preference_for(u).weekly_digest and (items.get(u.pk) or unread.get(u.pk))]
    if not wanted:
        return Counter()
    Reminder.objects.bulk_create(
        [
            Reminder(
                user_id=u.pk, kind=kinds.WEEKLY_DIGEST, object_type="user", object_id=u.pk, period=period,
                notified=True, created_at=now,
            )
            for u in wanted
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    token = uuid.uuid4()
    Reminder.objects.filter(
        kind=kinds.WEEKLY_DIGEST, period=period, user_id__in=[u.pk for u in wanted], sent_at=None
    ).update(sent_at=now, claim=token)
    claimed = dict(
        Reminder.objects.filter(user_id__in=[u.pk for u in wanted], claim=token).values_list("user_id", "pk")
    )
    by_user = {}
    for user in wanted:
        if user.pk in claimed:
            rows = items.get(user.pk, [])
            by_user[user.pk] = (user, rows[:WEEKLY_ITEMS_SHOWN], unread.get(user.pk, 0), len(rows) - WEEKLY_ITEMS_SHOWN)
    stats = Counter()
    emailed, failed = [], []
    connection = get_connection()
    try:
        connection.open()
        for user_id, (user, rows, unread_count, more) in by_user.items():
            try:
                message = weekly_message(user, rows, unread_count, max(more, 0))
                message.connection = connection
                message.send()
            except Exception:
                logger.exception("Weekly digest to user %s failed", user_id)
                failed.append(claimed[user_id])
            else:
                emailed.append(claimed[user_id])
                stats["weekly_emails"] += 1
    finally:
        connection.close()
    Reminder.objects.filter(pk__in=emailed).update(emailed_at=now, outcome=Reminder.Outcome.EMAILED)
    if failed:
        Reminder.objects.filter(pk__in=failed).update(outcome=Reminder.Outcome.FAILED)
    return stats
