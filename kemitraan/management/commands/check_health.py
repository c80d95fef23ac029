import json

from django.core.management.base import BaseCommand

from kemitraan import health

EXIT = {"ok": 0, "degraded": 1, "down": 2}


class Command(BaseCommand):
    help = (
        "Print the health report (as /healthz) and exit 0 when everything answers, 1 when only the queue "
        "side is behind (broker, beat or workers), 2 when the database is down: for cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--component",
            choices=["database", "broker", "beat", "worker"],
            help="judge only this part: exit 0 if it is fine, 2 if not (a container health check)",
        )

    def handle(self, *args, component=None, **options):
        report, _ = health.check()
        self.stdout.write(json.dumps(report, sort_keys=True))
        if component is None:
            code = EXIT[report["status"]]
        else:
            part = report[component]
            state = part["status"] if isinstance(part, dict) else part
            code = 0 if state in ("ok", "in-process") else 2
        if code:
            raise SystemExit(code)
