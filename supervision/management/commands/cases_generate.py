import time

from django.core.management.base import BaseCommand, CommandError

from supervision.demo import cases_generate
from supervision.demo.setup import MissingReferenceData
from supervision.management.commands._progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Fill the database with N realistic demo cases (and their reports) across areas, bureaus, "
        "sources and states over the last two years, then recompute the supervision figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many cases")
        parser.add_argument("--seed", type=int, default=None, help="repeatable random numbers")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, count: int, seed: int | None, no_progress: bool, **options):
        if count < 1 or count > 20_000_000:
            raise CommandError("COUNT must be between 1 and 20,000,000.")
        bar = None if no_progress else ProgressBar(self.stderr._out)
        started = time.monotonic()
        try:
            cases_generate(count, seed=seed, progress=bar)
        except MissingReferenceData as exc:
            raise CommandError(f"Reference data missing for areas: {exc}. Run migrate first.") from exc
        finally:
            if bar:
                bar.close()
        self.stdout.write(f"{count:,} cases generated in {time.monotonic() - started:.1f}s.")
