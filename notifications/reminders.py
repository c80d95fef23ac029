"""The reminder sweep: work out from the database what is due, record it once, deliver it once.

    run_sweep(now)          collect every due reminder into the ledger, then deliver_pending(now)
    deliver_pending(now)    claim unsent ledger rows per batch of people, create in-app
                            notifications, send one email per person (or per item)
    send_weekly_digest(now) the Monday digest, once per person per ISO week

Every step reads in batches (keyset pagination) with a fixed number of queries per batch.
Exactly once: the ledger's unique constraint (person, kind, object, period) and the claim
`UPDATE ... SET sent_at = now WHERE sent_at IS NULL` taken before sending. See docs/notifications.md.
"""

import datetime
import logging
import uuid
from collections import Counter, defaultdict

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from notifications import kinds
from notifications.emails import digest_message, single_message, weekly_message
from notifications.models import DigestRun, Notification, Preference, Reminder, ReminderSettings, preference_for

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
USER_BATCH_SIZE = 500
# Overdue milestones are reminded once; the sweep looks this far back so that a long
# outage still catches up, without rescanning years of old overdue work every hour.
OVERDUE_LOOKBACK_DAYS = getattr(settings, "REMINDER_OVERDUE_LOOKBACK_DAYS", 60)
WEEKLY_ITEMS_SHOWN = 20


_SENTINEL = 918273645
_url_patterns = {}


def _url(name, *args, fallback=""):
    """reverse() with one real call per route and arity: the sweep builds thousands of links."""
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


def milestone_url(milestone_id, program_id):
    return _url("roadmap:milestone_detail", milestone_id) or _url("partners:program_detail", program_id)


def week_period(now):
    year, week, _ = timezone.localtime(now).isocalendar()
    return f"{year}-W{week:02d}"


class Sweep:
    """One sweep's shared state: per-program settings, facilitator cache, counters."""

    def __init__(self, now=None, *, dry_run=False, batch_size=BATCH_SIZE):
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.stats = Counter()
        self.would_send = []
        self.settings = {row.program_id: row for row in ReminderSettings.objects.all()}
        self.default = ReminderSettings()
        self._facilitators = {}
        self._partner_people = {}

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

    # --- recipients ---------------------------------------------------------------------
    def facilitators(self, program_ids):
        """program_id -> [user_id]; one query for the programs not seen yet in this sweep."""
        from partners.models import Membership

        missing = set(program_ids) - self._facilitators.keys()
        if missing:
            for program_id in missing:
                self._facilitators[program_id] = []
            rows = Membership.objects.filter(program_id__in=missing, role=Membership.Role.FACILITATOR)
            for program_id, user_id in rows.values_list("program_id", "user_id"):
                self._facilitators[program_id].append(user_id)
        return self._facilitators

    def partner_people(self, partner_ids, role):
        """partner_id -> [user_id] for one membership role; cached for the sweep, so each
        partner's people are read once however many batches mention the partner."""
        from partners.models import Membership

        cache = self._partner_people.setdefault(role, {})
        missing = set(partner_ids) - cache.keys()
        if missing:
            for partner_id in missing:
                cache[partner_id] = []
            rows = Membership.objects.filter(partner_id__in=missing, role=role)
            for partner_id, user_id in rows.values_list("partner_id", "user_id"):
                cache[partner_id].append(user_id)
        return cache

    # --- recording ----------------------------------------------------------------------
    def candidate(self, user_ids, kind, object_type, object_id, period, *, program_id, label, url, due_date=None):
        """Light tuples (key first); model instances are built only for rows not yet in the ledger."""
        details = (object_type, program_id, label, url, due_date)
        return [((user_id, kind, object_id, period), details) for user_id in sorted({uid for uid in user_ids if uid})]

    def record(self, object_type, object_ids, candidates):
        """Insert the candidates not already in the ledger: one read, one (batched) insert."""
        if not candidates:
            return 0
        existing = set(
            Reminder.objects.filter(object_type=object_type, object_id__in=set(object_ids)).values_list(
                "user_id", "kind", "object_id", "period"
            )
        )
        new, seen = [], set()
        for key, (row_type, program_id, label, url, due_date) in candidates:
            if key in existing or key in seen:
                continue
            seen.add(key)
            user_id, kind, object_id, period = key
            new.append(
                Reminder(
                    user_id=user_id, kind=kind, object_type=row_type, object_id=object_id, period=period,
                    program_id=program_id, label=str(label)[:300], url=url, due_date=due_date, created_at=self.now,
                )
            )  # fmt: skip
        for row in new:
            self.stats[row.kind] += 1
        if self.dry_run:
            self.would_send.extend(new)
        elif new:
            # ignore_conflicts: a concurrent sweep may have inserted the same keys meanwhile;
            # the unique constraint keeps one row and this insert skips it.
            Reminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
        return len(new)

    # --- collectors -------------------------------------------------------------------
    def collect_milestones(self):
        from partners.models import Membership
        from roadmap.models import OPEN_STATUSES, Milestone, MilestoneStatus

        today, now = self.today, self.now
        stale_cut = now - datetime.timedelta(days=self.min_stale_days)
        window = Q(
            status__in=OPEN_STATUSES,
            due_date__gte=today - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS),
            due_date__lte=today + datetime.timedelta(days=self.max_due_soon),
        )
        stale = Q(status=MilestoneStatus.IN_PROGRESS) & (
            Q(last_progress_at__lt=stale_cut) | Q(last_progress_at=None, start_date__lte=timezone.localdate(stale_cut))
        )
        queryset = (
            Milestone.objects.filter(window | stale)
            .order_by("pk")
            .values(
                "pk", "program_id", "owner_id", "responsible_id", "title", "due_date", "status", "last_progress_at",
                "start_date",
            )
        )  # fmt: skip
        last_pk = 0
        while True:
            rows = list(queryset.filter(pk__gt=last_pk)[: self.batch_size])
            if not rows:
                break
            last_pk = rows[-1]["pk"]
            self.stats["milestones_scanned"] += len(rows)
            staff = self.partner_people([row["owner_id"] for row in rows], Membership.Role.PARTNER_STAFF)
            facilitators = self.facilitators({row["program_id"] for row in rows})
            candidates = []
            for row in rows:
                candidates += self._milestone_candidates(row, staff, facilitators)
            self.record("milestone", [row["pk"] for row in rows], candidates)

    def _milestone_candidates(self, row, staff, facilitators):
        from roadmap.models import OPEN_STATUSES, MilestoneStatus

        setting = self.setting(row["program_id"])
        common = {
            "program_id": row["program_id"],
            "label": row["title"],
            "url": milestone_url(row["pk"], row["program_id"]),
            "due_date": row["due_date"],
        }
        out = []
        due, responsible = row["due_date"], row["responsible_id"]
        days_left = (due - self.today).days
        if row["status"] in OPEN_STATUSES:
            if days_left >= 0:
                reached = [n for n in setting.due_soon_list if days_left <= n]
                if reached:
                    # The smallest threshold reached: a sweep missed on "7 days before" still
                    # reminds on day 5, and "1 day before" is a separate reminder.
                    period = f"{due.isoformat()}/{min(reached)}"
                    people = [responsible, *staff.get(row["owner_id"], [])]
                    out += self.candidate(people, kinds.DUE_SOON, "milestone", row["pk"], period, **common)
            elif days_left >= -OVERDUE_LOOKBACK_DAYS:
                people = [responsible, *facilitators.get(row["program_id"], [])]
                out += self.candidate(people, kinds.OVERDUE, "milestone", row["pk"], due.isoformat(), **common)
        if row["status"] == MilestoneStatus.IN_PROGRESS:
            last = row["last_progress_at"]
            since = timezone.localdate(last) if last else row["start_date"]
            if (self.today - since).days >= setting.stale_after_days:
                people = [responsible] if responsible else staff.get(row["owner_id"], [])
                out += self.candidate(people, kinds.STALE, "milestone", row["pk"], since.isoformat(), **common)
        return out

    def collect_reviews(self):
        from roadmap.models import ProgressUpdate

        cut = self.now - datetime.timedelta(days=self.min_review_days)
        queryset = (
            ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED, submitted_at__lt=cut)
            .order_by("pk")
            .values("pk", "submitted_at", "milestone_id", "milestone__title", "milestone__program_id")
        )
        review_url = _url("roadmap:review_queue")
        last_pk = 0
        while True:
            rows = list(queryset.filter(pk__gt=last_pk)[: self.batch_size])
            if not rows:
                break
            last_pk = rows[-1]["pk"]
            facilitators = self.facilitators({row["milestone__program_id"] for row in rows})
            candidates = []
            for row in rows:
                program_id = row["milestone__program_id"]
                waited = self.now - row["submitted_at"]
                if waited < datetime.timedelta(days=self.setting(program_id).review_after_days):
                    continue
                candidates += self.candidate(
                    facilitators.get(program_id, []),
                    kinds.REVIEW_WAITING,
                    "progress_update",
                    row["pk"],
                    timezone.localdate(row["submitted_at"]).isoformat(),
                    program_id=program_id,
                    label=row["milestone__title"],
                    url=review_url or milestone_url(row["milestone_id"], program_id),
                )
            self.record("progress_update", [row["pk"] for row in rows], candidates)

    def collect_endorsements(self):
        from partners.models import EndorsementStatus, Membership, Phase, ProgramPartner

        queryset = (
            ProgramPartner.objects.filter(endorsement_status=EndorsementStatus.REQUESTED)
            .exclude(program__phase=Phase.CLOSED)
            .order_by("pk")
            .values("pk", "program_id", "organisation__name")
        )
        period = week_period(self.now)
        last_pk = 0
        while True:
            rows = list(queryset.filter(pk__gt=last_pk)[: self.batch_size])
            if not rows:
                break
            last_pk = rows[-1]["pk"]
            leads = self.partner_people([row["pk"] for row in rows], Membership.Role.PARTNER_LEAD)
            facilitators = self.facilitators({row["program_id"] for row in rows})
            candidates = []
            for row in rows:
                people = [*leads.get(row["pk"], []), *facilitators.get(row["program_id"], [])]
                candidates += self.candidate(
                    people,
                    kinds.ENDORSEMENT_MISSING,
                    "program_partner",
                    row["pk"],
                    period,
                    program_id=row["program_id"],
                    label=row["organisation__name"],
                    url=_url("partners:program_detail", row["program_id"]),
                )
            self.record("program_partner", [row["pk"] for row in rows], candidates)

    def collect_assessments(self):
        """Self-assessments and health checks pending before their round closes.

        Uses `assessments.selectors.pending_submissions(now)` when the assessments app provides
        it. It yields (user_id, round_id, kind, closes_on) tuples; dicts with user_id, object_id,
        object_type, closes_on, label, url and program_id are accepted too. A person is reminded
        when the round's closing date comes within the program's "due soon" thresholds.
        """
        try:
            from assessments.selectors import pending_submissions
        except ImportError:
            return
        batch = []
        for item in pending_submissions(self.now):
            batch.append(item)
            if len(batch) >= self.batch_size:
                self._record_assessments(batch)
                batch = []
        if batch:
            self._record_assessments(batch)

    def _assessment_items(self, items):
        tuples = [item for item in items if isinstance(item, (tuple, list))]
        rounds = {}
        if tuples:
            from assessments.models import Round

            rounds = {
                row["pk"]: row
                for row in Round.objects.filter(pk__in={item[1] for item in tuples}).values(
                    "pk", "program_id", "program__name", "held_on"
                )
            }
        for item in items:
            if isinstance(item, dict):
                yield item
                continue
            user_id, round_id, kind, closes_on = item
            info = rounds.get(round_id, {})
            url_name = "assessments:assess" if kind == "self_assessment" else "assessments:health_check"
            args = (round_id, user_id) if kind == "self_assessment" else (round_id,)
            yield {
                "user_id": user_id,
                "object_type": kind,
                "object_id": round_id,
                "closes_on": closes_on,
                "program_id": info.get("program_id"),
                "label": info.get("program__name", ""),
                "url": _url(url_name, *args),
            }

    def _record_assessments(self, items):
        by_type = defaultdict(list)
        for item in self._assessment_items(items):
            closes_on = item.get("closes_on")
            days_left = (closes_on - self.today).days if closes_on else 0
            reached = [n for n in self.setting(item.get("program_id")).due_soon_list if days_left <= n]
            if days_left < 0 or not reached:
                continue
            object_type = item.get("object_type", "assessment")
            by_type[object_type] += self.candidate(
                [item["user_id"]],
                kinds.ASSESSMENT_PENDING,
                object_type,
                item["object_id"],
                f"{closes_on.isoformat() if closes_on else ''}/{min(reached)}",
                program_id=item.get("program_id"),
                label=item.get("label", ""),
                url=item.get("url", ""),
                due_date=closes_on,
            )
        for object_type, candidates in by_type.items():
            self.record(object_type, [key[2] for key, _ in candidates], candidates)

    def collect(self):
        self.collect_milestones()
        self.collect_reviews()
        self.collect_endorsements()
        self.collect_assessments()
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
    from partners.models import User

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
        users = User.objects.select_related("notification_preference").in_bulk({row.user_id for row in rows})
        by_user = defaultdict(list)
        for row in rows:
            by_user[row.user_id].append(row)
        stats.update(_send(now, users, by_user))
    return stats


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
    from partners.models import User

    now = now or timezone.now()
    period = week_period(now)
    run, _ = DigestRun.objects.get_or_create(period=period, defaults={"started_at": now})
    stats = Counter()
    if run.finished_at:
        return stats
    since = now - datetime.timedelta(days=7)
    people = User.objects.filter(is_active=True).exclude(email="").select_related("notification_preference")
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
