from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intake.sources.email.fetch import MailboxUnavailable, mail_fetch


class Command(BaseCommand):
    help = "Fetch new e-mail from the IMAP mailbox (IMAP_* settings) and file each as a report."

    def handle(self, *args, **options):
        if not settings.IMAP_HOST:
            raise CommandError("IMAP_HOST is not set.")
        try:
            result = mail_fetch()
        except MailboxUnavailable as exc:
            raise CommandError(f"No mail fetched: {exc}.") from None
        counts = result.as_dict()
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items())) or "no new mail"
        self.stdout.write(summary)
        if counts.get("failed"):
            raise CommandError(f"Some messages could not be fetched ({summary}).")
