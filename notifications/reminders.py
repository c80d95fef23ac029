"""The reminder sweep: work out from the database what is due, record it once, deliver it once.

    run_sweep(now)          run every registered reminder rule into the ledger, then deliver_pending(now)
    deliver_pending(now)    claim unsent ledger rows per batch of people, create in-app
                            notifications, send one email per person (or per item)
    send_weekly_digest(now) the Monday digest, once per person per ISO week

The rules themselves live in the apps whose data they read (`roadmap/reminders.py`,
`partners/reminders.py`, `assessments/reminders.py`), registered with `notifications.registry`.
Every step reads in batches (keyset pagination) with a fixed number of queries per batch.
Exactly once: the ledger's unique constraint (person, kind, object, period) and the claim
`UPDATE ... SET sent_at = now WHERE sent_at IS NULL` taken before sending. See docs/notifications.md.
"""

import datetime
import logging
import uuid
from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from notifications import kinds
from notifications.emails import digest_message, single_message, weekly_message
from notifications.models import DigestRun, Notification, Preference, Reminder, ReminderSettings, preference_for
from notifications.registry import done_ids, reminder_rules, settings_adjusters

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
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
        """Insert the `Due` rows not already in the ledger: one read, one (batched) insert."""
        if not rows:
            return 0
        ids_by_type = defaultdict(set)
        for row in rows:
            if allowed_kinds is not None and row.kind not in allowed_kinds:
                raise ValueError(f"Reminder kind {row.kind!r} was not declared by its rule.")
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
        for reminder in new:
            self.stats[reminder.kind] += 1
        if self.dry_run:
            self.would_send.extend(new)
        elif new:
            # ignore_conflicts: a concurrent sweep may have inserted the same keys meanwhile;
            # the unique constraint keeps one row and this insert skips it.
            Reminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
        return len(new)

    def collect(self):
        """Run every registered rule, recording each batch it yields as it comes."""
        for rule in reminder_rules():
            allowed = set(rule.kinds)
            for batch in rule.finder(self):
                self.record(batch, allowed_kinds=allowed)
        return self.stats


def run_sweep(now=None, *, dry_run=False, batch_size=BATCH_SIZE):
    """One full sweep: record what is due, then deliver everything unsent. Returns counters."""
    sweep = Sweep(now, dry_run=dry_run, batch_size=batch_size)
    sweep.collect()
    if dry_run:
        sweep.stats["dry_run_people"] = len({row.user_id for row in sweep.would_send})
        return sweep
    sweep.stats.update(deliver_pending(sweep.now))
    return sweep


# --- delivery -----------------------------------------------------------------------------


def deliver_pending(now=None, *, user_ids=None, batch_size=USER_BATCH_SIZE):
    """Send every unsent ledger row, batch by batch of people. Safe to run concurrently."""
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
        with transaction.atomic():
            # The claim. Under concurrency the second UPDATE waits for the first's row locks
            # and then finds sent_at no longer NULL, so each row is claimed by one process only.
            claimed = unsent.filter(user_id__in=batch).update(sent_at=now, claim=token)
            if not claimed:
                continue
            # Read back by token; user_id IN (...) lets the unique index's leading column find them.
            rows = list(Reminder.objects.filter(user_id__in=batch, claim=token).order_by("user_id", "pk"))
            rows, dropped = _drop_done_and_repeated(rows)
            if dropped:
                # Claimed (sent_at set) and marked: never sent, never claimed again.
                Reminder.objects.filter(pk__in=[row.pk for row in dropped]).update(
                    outcome=Reminder.Outcome.DROPPED, notified=True
                )
                stats["dropped"] += len(dropped)
            # The in-app copy is created in the claim's transaction. `notified` needs no update here:
            # a claimed row is never claimed again unless _send releases it, and the release sets it.
            in_app = [
                Notification(user_id=row.user_id, kind=row.kind, label=row.label, message=row.message, url=row.url)
                for row in rows
                if not row.notified
            ]
            Notification.objects.bulk_create(in_app, batch_size=1000)
        stats["claimed"] += claimed
        stats["in_app"] += len(in_app)
        people = get_user_model().objects.select_related("notification_preference")
        users = people.in_bulk({row.user_id for row in rows})
        by_user = defaultdict(list)
        for row in rows:
            by_user[row.user_id].append(row)
        stats.update(_send(now, users, by_user))
    return stats


def _drop_done_and_repeated(rows):
    """Re-check claimed rows at delivery (issue 16, item 13) -> (rows to send, rows dropped).

    Dropped: a row whose work is already done (a report reviewed since, a milestone closed; each app
    registers its check with `register_done_check`), and a second row about the same thing for the
    same person (a "report submitted" notification and a "report waiting for review" reminder).
    The in-app notification of a dropped `do_notify` row is marked read: the work is done.
    Costs one query for the notifications' subjects plus one per object type with a check.
    """
    subjects = {row.pk: (row.object_type, row.object_id) for row in rows}
    notification_ids = [row.object_id for row in rows if row.object_type == "notification"]
    about = {}
    if notification_ids:
        about = {
            pk: (object_type, object_id)
            for pk, object_type, object_id in Notification.objects.filter(pk__in=notification_ids)
            .exclude(object_type="")
            .values_list("pk", "object_type", "object_id")
        }
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
        if subject in done or repeated:
            dropped.append(row)
        else:
            keep.append(row)
            seen[key] = seen.get(key, False) or from_notification
    resolved = [row.object_id for row in dropped if row.object_type == "notification" and subjects[row.pk] in done]
    if resolved:
        Notification.objects.filter(pk__in=resolved, read_at=None).update(read_at=timezone.now())
    return keep, dropped


def _messages_for(user, rows):
    """-> (messages, row ids emailed). Muted kinds and 'off' stay in the app only."""
    preference = preference_for(user)
    if not user.email or not user.is_active or preference.email == Preference.Email.OFF:
        return [], []
    rows = [row for row in rows if row.kind not in (preference.muted_kinds or [])]
    if not rows:
        return [], []
    if preference.email == Preference.Email.IMMEDIATE:
        return [(single_message(user, row), [row.pk]) for row in rows], [row.pk for row in rows]
    return [(digest_message(user, rows), [row.pk for row in rows])], [row.pk for row in rows]


def _send(now, users, by_user):
    """Send the batch's emails over one connection; record what went out, release what failed."""
    stats = Counter()
    emailed, failed, in_app_only = [], [], []
    connection = get_connection()
    try:
        try:
            connection.open()
        except Exception:  # each send below retries the connection and fails on its own
            logger.exception("Could not open the email connection")
        for user_id, rows in by_user.items():
            user = users.get(user_id)
            try:
                messages, ids = _messages_for(user, rows) if user else ([], [])
            except Exception:  # a rendering bug must not leave the batch claimed and unsent
                logger.exception("Reminder email to user %s could not be built", user_id)
                failed += [row.pk for row in rows]
                continue
            in_app_only += [row.pk for row in rows if row.pk not in set(ids)]
            for message, message_ids in messages:
                try:
                    message.connection = connection
                    message.send()
                except Exception:  # SMTP refused, network down: retried on the next sweep
                    logger.exception("Reminder email to user %s failed", user_id)
                    failed += message_ids
                else:
                    emailed += message_ids
                    stats["emails"] += 1
    finally:
        connection.close()
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
