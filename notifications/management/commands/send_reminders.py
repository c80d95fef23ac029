"""Run one reminder sweep in this process, without Celery (cron users too):

python manage.py send_reminders             record what is due and send it
python manage.py send_reminders --dry-run   show what would be sent; change nothing
python manage.py send_reminders --weekly    also send this week's digest if not sent yet
"""

import time

from django.core.management.base import BaseCommand

from notifications.kinds import WEEKLY_DIGEST, kind_label
from notifications.models import Reminder
from notifications.reminders import catch_up_weekly_digest, run_sweep


class Command(BaseCommand):
    help = "Run one reminder sweep now (no Celery needed)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent and change nothing.")
        parser.add_argument("--weekly", action="store_true", help="Also send this week's digest if it is due.")

    def handle(self, *args, dry_run=False, weekly=False, **options):
        started = time.perf_counter()
        sweep = run_sweep(dry_run=dry_run)
        stats = dict(sweep.stats)
        if weekly and not dry_run:
            stats.update(catch_up_weekly_digest())
        if dry_run:
            for row in sweep.would_send:
                self.stdout.write(f"  {row.user_id:>8}  {kind_label(row.kind)}: {row.label} [{row.period}]")
            self.stdout.write(
                f"Dry run: {len(sweep.would_send)} new reminders for {stats.get('dry_run_people', 0)} people."
            )
            queued = Reminder.objects.filter(sent_at=None).exclude(kind=WEEKLY_DIGEST).count()
            self.stdout.write(f"Already queued and not yet sent (would go out too): {queued}.")
        summary = ", ".join(f"{key}={value}" for key, value in sorted(stats.items()))
        self.stdout.write(self.style.SUCCESS(f"Reminder sweep done in {time.perf_counter() - started:.2f}s: {summary}"))
