"""Build a day's feed batch for the credit platform (default: yesterday) and push it now."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from credit.feed.pushers import PushUnavailable
from credit.feed.services import feed_batch_build, feed_batch_push


class Command(BaseCommand):
    help = "Build and push the 双公示 feed batch of a day (YYYY-MM-DD, default yesterday)."

    def add_arguments(self, parser):
        parser.add_argument("--day", default="")

    def handle(self, *args, day: str, **options):
        try:
            when = (
                datetime.date.fromisoformat(day) if day else timezone.localdate() - datetime.timedelta(days=1)
            )
        except ValueError:
            raise CommandError("--day must be YYYY-MM-DD") from None
        batch = feed_batch_build(day=when)
        try:
            batch = feed_batch_push(batch_id=batch.pk)
        except PushUnavailable as exc:
            raise CommandError(f"the platform is unavailable: {exc}") from None
        self.stdout.write(f"{batch.day}: {batch.rows} rows, {batch.get_state_display()} {batch.receipt}")
