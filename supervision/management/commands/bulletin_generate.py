import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervision.models import Bulletin
from supervision.services.bulletins import bulletin_generate


class Command(BaseCommand):
    help = "Generate the weekly or monthly bulletin (PDF and Excel) of the period containing a date."

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=Bulletin.Period.values, required=True)
        parser.add_argument("--date", help="YYYY-MM-DD, a day in the period (default: yesterday)")

    def handle(self, period: str, date: str | None, **options):
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("--date must be a date as YYYY-MM-DD.") from None
        else:
            day = timezone.localdate() - datetime.timedelta(days=1)
        if day > timezone.localdate():
            raise CommandError("--date cannot be in the future.")
        bulletin = bulletin_generate(period=period, day=day)
        self.stdout.write(
            f"Bulletin {bulletin.start}..{bulletin.end}: {bulletin.pdf.name}, {bulletin.workbook.name}"
        )
