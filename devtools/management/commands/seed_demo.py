"""Load realistic Indonesian demo data. Running it twice changes nothing.

Each app contributes through `<app>/demo.py`, a `seed(ctx)` function that must
be idempotent; `partners.demo` runs first and fills `ctx` with the programs,
organisations and people the others build on. A new app's demo module is added to SEEDS.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from assessments import demo as assessments_demo
from facilitation import demo as facilitation_demo
from governance import demo as governance_demo
from notifications import demo as notifications_demo
from partners import demo as partners_demo
from public import demo as public_demo
from results import demo as results_demo
from roadmap import demo as roadmap_demo

# governance before facilitation: facilitation's demo records, from a meeting, the answer of a
# partner without a lead to a recommendation governance's demo proposed (issue 15, item 4).
SEEDS = [
    partners_demo,
    roadmap_demo,
    governance_demo,
    facilitation_demo,
    assessments_demo,
    results_demo,
    notifications_demo,
    public_demo,
]


class Command(BaseCommand):
    help = "Load the demo programs, organisations and accounts (idempotent)."

    def handle(self, *args, **options):
        ctx = {}
        with transaction.atomic():
            for module in SEEDS:
                module.seed(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Accounts (password for all: {partners_demo.DEMO_PASSWORD}):")
        )
        for username, description in ctx["accounts"]:
            self.stdout.write(f"  {username:<12} {description}")
