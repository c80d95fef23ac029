"""Recompute every outcome's and output's stored progress from indicators (docs/definitions.md, "progress").

The results actions keep `indicator_progress` current; run this once after upgrading a database whose
indicators were reported before the value was stored (idempotent: only changed values are written)."""

from django.core.management.base import BaseCommand

from partners.models import Program
from results.actions import refresh_item_progress


class Command(BaseCommand):
    help = "Recompute the progress from indicators stored on every outcome and output."

    def handle(self, *args, **options):
        programs = Program.objects.filter(indicators__isnull=False).distinct().order_by("pk")
        for program in programs.iterator():
            refresh_item_progress(program)
        self.stdout.write(f"{programs.count()} program(s) refreshed.")
