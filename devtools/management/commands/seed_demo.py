"""Load realistic Indonesian demo data. Running it twice changes nothing.

Each app contributes through `<app>/demo.py`, a `seed(ctx)` function that must
be idempotent; `partners.demo` runs first and fills `ctx` with the programs,
organisations and people the others build on.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from partners.demo import DEMO_PASSWORD

APPS = ["partners", "roadmap", "facilitation", "governance", "assessments", "reports", "notifications"]


class Command(BaseCommand):
    help = "Load the demo programs, organisations and accounts (idempotent)."

    def handle(self, *args, **options):
        ctx = {}
        with transaction.atomic():
            for app in APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.seed(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Accounts (password for all: {DEMO_PASSWORD}):"))
        for username, description in ctx["accounts"]:
            self.stdout.write(f"  {username:<12} {description}")
