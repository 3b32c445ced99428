from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from project.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and the configured evidence store, and verify it."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the backup file to read")

    def handle(self, *args, source: Path, **options):
        if not source.is_file():
            raise CommandError(f"no backup file at {source}")
        try:
            summary = backup_restore(source=source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored and verified: {summary.rows} rows, {summary.files} files")
