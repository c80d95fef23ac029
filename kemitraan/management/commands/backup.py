from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kemitraan.backup import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = "Back up the database and the private media folder into one archive (see docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="where to write the archive (default: BACKUP_DIR)")
        parser.add_argument(
            "--keep", type=int, default=None, help="keep only the newest N archives there (default: BACKUP_KEEP)"
        )

    def handle(self, *args, dir=None, keep=None, **options):
        try:
            path = create_backup(dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        removed = prune_backups(dir or settings.BACKUP_DIR, keep)
        self.stdout.write(f"{path} ({path.stat().st_size} bytes); {len(removed)} older archive(s) removed")
