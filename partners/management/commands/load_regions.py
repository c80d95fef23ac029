"""manage.py load_regions [--villages] [--only 53 53.71]: load or update Indonesia's official regions."""

import time

from django.core.management.base import BaseCommand

from partners.regions import load_regions


class Command(BaseCommand):
    help = (
        "Load or update provinces, regencies/cities and districts (and, with --villages, the ~84,000 "
        "villages) from the shipped Kemendagri data. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--villages", action="store_true", help="also load the villages (desa/kelurahan)")
        parser.add_argument("--only", nargs="+", metavar="CODE", help="only these code prefixes, e.g. 53 or 53.71")

    def handle(self, *args, villages=False, only=None, **options):
        started = time.monotonic()
        report = load_regions(villages=villages, only=only)
        for level, counts in report.items():
            parts = ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))
            self.stdout.write(f"{level}: {parts}")
        self.stdout.write(self.style.SUCCESS(f"Regions loaded in {time.monotonic() - started:.1f} s."))
