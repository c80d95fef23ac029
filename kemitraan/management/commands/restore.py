from django.core.management.base import BaseCommand, CommandError

from kemitraan.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into the configured, empty database and media folder (docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a kemitraan-*.tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--force", action="store_true", help="overwrite a database or media folder that is not empty"
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = restore_backup(archive, force=force)
        except (BackupError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["tables"]
        self.stdout.write(
            f"restored {manifest['engine']} backup of {manifest['created']}: "
            f"{len(tables)} tables, {sum(tables.values())} rows"
        )
