"""Figures of the active triage model on a labelled JSONL file (see intake.triage.evaluation)."""

import json as jsonlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.triage import selectors
from intake.triage.evaluation import BadFile, evaluate, read_lines


def _percent(value) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


class Command(BaseCommand):
    help = "Evaluate the active triage model on a JSONL file of id, area, text (and also_acceptable, duplicate_of)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="End with one line of JSON figures.")

    def handle(self, *args, path, json: bool = False, **options):
        bundle = selectors.active_bundle()
        if bundle is None:
            raise CommandError("No triage model yet: run `manage.py triage_train` first.")
        try:
            lines = read_lines(Path(path))
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {path}") from exc
        except BadFile as exc:
            raise CommandError(f"{path}: {exc}") from exc
        figures = evaluate(lines, bundle["classifier"], bundle["likeness"])
        model = selectors.active_model()
        out = self.stdout.write
        out(f"model v{model.version}, {figures.lines} reports from {path}")
        out(f"top-1 accuracy {_percent(figures.top1)}   top-3 accuracy {_percent(figures.top3)}")
        out(
            f"out of scope: precision {_percent(figures.out_of_scope_precision)}   "
            f"recall {_percent(figures.out_of_scope_recall)}"
        )
        out(
            f"duplicates: recall {_percent(figures.duplicate_recall)} of {figures.duplicate_pairs} pairs   "
            f"precision {_percent(figures.duplicate_precision)} of {figures.duplicate_found} found"
        )
        out(f"{figures.ms_per_report:.2f} ms per report")
        out("")
        out(f"{'area':<26}{'precision':>10}{'recall':>8}{'n':>5}")
        for code, row in figures.per_area.items():
            out(f"{code:<26}{_percent(row['precision']):>10}{_percent(row['recall']):>8}{row['support']:>5}")
        out("")
        out("confusion (row: labelled, then predicted: count)")
        for code, row in figures.confusion.items():
            cells = ", ".join(
                f"{predicted} {count}" for predicted, count in sorted(row.items(), key=lambda c: -c[1])
            )
            out(f"{code:<26}{cells}")
        if figures.misses:
            out("")
            out(
                "missed at top-1: "
                + ", ".join(f"{m['id']} ({m['area']} -> {m['predicted']})" for m in figures.misses)
            )
        if json:
            out(_dumps(figures.summary()))


def _dumps(data: dict) -> str:
    return jsonlib.dumps(data, sort_keys=True)
