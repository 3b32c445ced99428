"""Train a new triage model on the starter corpus and triage's confirmed decisions."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.triage import services
from intake.triage.evaluation import BadFile
from intake.triage.models import TriageModel


class Command(BaseCommand):
    help = "Train and activate a new triage model (corpus plus the areas triage officers confirmed)."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(services.TRAINING_FILE), help="Training JSONL file.")
        parser.add_argument("--corpus-only", action="store_true", help="Leave triage's decisions out.")
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing when a model exists already (first use)."
        )
        parser.add_argument("--note", default="")

    def handle(self, *args, corpus, corpus_only, if_missing, note, **options):
        if if_missing and TriageModel.objects.exists():
            self.stdout.write("A triage model exists already.")
            return
        try:
            model = services.triage_model_train(
                corpus=Path(corpus), with_decisions=not corpus_only, note=note or "manage.py triage_train"
            )
        except (FileNotFoundError, BadFile) as exc:
            raise CommandError(str(exc)) from exc
        figures = model.evaluation
        summary = (
            ", ".join(f"{key} {value}" for key, value in figures.items()) if figures else "not evaluated"
        )
        self.stdout.write(
            f"Triage model v{model.version} active ({model.training_counts['total']} texts): {summary}"
        )
