from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from project.backup import BackupError, backup_make


class Command(BaseCommand):
    help = "Write an encrypted, consistent backup of the database and every evidence file."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="the backup file to write")

    def handle(self, *args, output: Path, **options):
        try:
            summary = backup_make(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup written: {summary.rows} rows, {summary.files} files, {summary.size} bytes")
