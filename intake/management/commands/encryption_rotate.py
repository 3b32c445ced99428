"""Re-encrypt every encrypted field under the newest FIELD_ENCRYPTION_KEY (resumable)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intake.rotation import Checkpoint, encryption_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the first (newest) key of FIELD_ENCRYPTION_KEY. "
        "Runs in batches with progress; a stopped run resumes where it stopped. Afterwards the "
        "old keys can be removed from FIELD_ENCRYPTION_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="Rows per transaction (default 500).")

    def handle(self, *args, batch: int = 500, **options):
        keys = [key for key in settings.FIELD_ENCRYPTION_KEY.split(",") if key.strip()]
        if len(keys) > 1 and not os.environ.get("FIELD_HASH_KEY"):
            raise CommandError(
                "FIELD_HASH_KEY is not set: the keyed hashes (receipts, phone and identity number "
                "lookups) would follow the new first key and stop matching. Set FIELD_HASH_KEY first."
            )
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        checkpoint = Checkpoint(settings.VAR_DIR / "encryption_rotate.json")
        if checkpoint.done:
            self.stdout.write(f"resuming after {checkpoint.done}")

        def report(progress):
            self.stdout.write(
                f"{progress.label}: {progress.checked} rows checked, {progress.rotated} re-encrypted"
            )

        total = encryption_rotate(checkpoint=checkpoint, batch=batch, report=report)
        self.stdout.write(f"done: {total} rows re-encrypted under the newest key")
