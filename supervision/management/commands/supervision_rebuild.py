import time

from django.core.management.base import BaseCommand

from supervision.management.commands._progress import ProgressBar
from supervision.services.rollups import rollup_rebuild


class Command(BaseCommand):
    help = (
        "Recompute every case fact and daily roll-up of the supervision figures "
        "(after changing deadline policies or calendar days, or loading cases in bulk)."
    )

    def handle(self, **options):
        bar = ProgressBar(self.stderr._out)
        started = time.monotonic()
        try:
            rollup_rebuild(progress=bar)
        finally:
            bar.close()
        self.stdout.write(f"Figures rebuilt in {time.monotonic() - started:.1f}s.")
