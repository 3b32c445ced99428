"""Purge the personal data of closed cases past their retention period."""

from django.core.management.base import BaseCommand

from workflow.models import RetentionPolicy
from workflow.services.retention import retention_purge


class Command(BaseCommand):
    help = (
        "Delete the reporter identity, evidence files and free text of closed cases past their "
        "retention period (cases on legal hold are kept). --dry-run lists them and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be purged; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        if RetentionPolicy.objects.filter(draft=True).exists():
            self.stderr.write(
                "warning: some retention periods are still draft defaults; the city decides them."
            )
        summary = retention_purge(dry_run=dry_run)
        verb = "would purge" if dry_run else "purged"
        for reference in summary.cases:
            self.stdout.write(f"{verb} {reference}")
        self.stdout.write(
            f"{len(summary.cases)} cases {verb}, {summary.files} evidence files deleted, "
            f"{summary.held} kept on legal hold"
        )
