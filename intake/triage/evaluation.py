"""Figures of a model on a labelled JSONL file, as `manage.py triage_evaluate` prints them.

Each line: `id`, `area` (an area code or `out_of_scope`), `text`, optionally
`also_acceptable` (area codes also counted right) and `duplicate_of` (the `id` of an earlier
line). An area line counts at top-1 when the best suggestion is `area` or also acceptable, at
top-3 when one of the three is; an `out_of_scope` line counts (at both) when the flag is
raised. Duplicates: the true pairs are the lines joined through `duplicate_of` (transitively);
a predicted pair is a later line matched with an earlier one. Recall counts the true pairs
that the predicted pairs join (transitively); precision counts the predicted pairs that are
true.
"""

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from intake.triage.classifier import OUT_OF_SCOPE, AreaClassifier
from intake.triage.duplicates import TextLikeness, likeliest_areas, pairs


class BadFile(ValueError):
    pass


def read_lines(path: Path) -> list[dict]:
    """The labelled lines of a JSONL file; BadFile names the first bad line."""
    lines, seen = [], set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BadFile(f"line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(line, dict) or not all(
            isinstance(line.get(k), str) for k in ("id", "area", "text")
        ):
            raise BadFile(f"line {number}: needs the strings id, area and text")
        if line["id"] in seen:
            raise BadFile(f"line {number}: id {line['id']} used twice")
        if "duplicate_of" in line and line["duplicate_of"] not in seen:
            raise BadFile(f"line {number}: duplicate_of names no earlier line")
        if not isinstance(line.get("also_acceptable", []), list):
            raise BadFile(f"line {number}: also_acceptable must be a list")
        seen.add(line["id"])
        lines.append(line)
    if not lines:
        raise BadFile("the file has no lines")
    return lines


def _clusters(count: int, links: list[tuple[int, int]]) -> list[int]:
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        parent[find(a)] = find(b)
    return [find(i) for i in range(count)]


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class Figures:
    lines: int
    top1: float
    top3: float
    per_area: dict[str, dict] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    out_of_scope_precision: float | None = None
    out_of_scope_recall: float | None = None
    duplicate_recall: float | None = None
    duplicate_precision: float | None = None
    duplicate_pairs: int = 0
    duplicate_found: int = 0
    ms_per_report: float = 0.0
    misses: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "top1": self.top1,
            "top3": self.top3,
            "out_of_scope_recall": self.out_of_scope_recall,
            "duplicate_recall": self.duplicate_recall,
            "duplicate_precision": self.duplicate_precision,
            "ms_per_report": self.ms_per_report,
        }


def evaluate(lines: list[dict], classifier: AreaClassifier, likeness: TextLikeness) -> Figures:
    """Score `classifier` and the duplicate finder on labelled `lines` (see the module doc)."""
    started = time.perf_counter()
    predictions = [classifier.predict(line["text"]) for line in lines]
    areas = [likeliest_areas(p.suggestions, p.out_of_scope) for p in predictions]
    found = pairs([line["text"] for line in lines], likeness, areas)
    elapsed = time.perf_counter() - started

    top1 = top3 = 0
    predicted_label, confusion = [], defaultdict(Counter)
    misses = []
    for line, prediction in zip(lines, predictions, strict=True):
        right = {line["area"], *line.get("also_acceptable", [])}
        if line["area"] == OUT_OF_SCOPE:
            hit1 = hit3 = prediction.flagged
        else:
            hit1 = prediction.top in right
            hit3 = any(code in right for code, _ in prediction.suggestions)
        top1 += hit1
        top3 += hit3
        if prediction.flagged:
            label = OUT_OF_SCOPE
        elif line["area"] != OUT_OF_SCOPE and prediction.top in right:
            label = line["area"]  # an also-acceptable answer counts for the line's own area
        else:
            label = prediction.top
        predicted_label.append(label)
        confusion[line["area"]][label] += 1
        if not hit1:
            misses.append({"id": line["id"], "area": line["area"], "predicted": label})

    per_area = {}
    for code in sorted({line["area"] for line in lines} | set(predicted_label)):
        true_positive = confusion[code][code]
        per_area[code] = {
            "precision": _ratio(true_positive, sum(row[code] for row in confusion.values())),
            "recall": _ratio(true_positive, sum(confusion[code].values())),
            "support": sum(confusion[code].values()),
        }

    index = {line["id"]: i for i, line in enumerate(lines)}
    true_links = [(index[line["duplicate_of"]], i) for i, line in enumerate(lines) if "duplicate_of" in line]
    true_cluster = _clusters(len(lines), true_links)
    found_cluster = _clusters(len(lines), list(found))
    true_pairs = {(a, b) for b in range(len(lines)) for a in range(b) if true_cluster[a] == true_cluster[b]}
    recalled = sum(found_cluster[a] == found_cluster[b] for a, b in true_pairs)
    correct = sum(true_cluster[a] == true_cluster[b] for a, b in found)

    oos = per_area.get(OUT_OF_SCOPE, {})
    return Figures(
        lines=len(lines),
        top1=round(top1 / len(lines), 4),
        top3=round(top3 / len(lines), 4),
        per_area=per_area,
        confusion={row: dict(counts) for row, counts in sorted(confusion.items())},
        out_of_scope_precision=oos.get("precision"),
        out_of_scope_recall=oos.get("recall"),
        duplicate_recall=_ratio(recalled, len(true_pairs)),
        duplicate_precision=_ratio(correct, len(found)),
        duplicate_pairs=len(true_pairs),
        duplicate_found=len(found),
        ms_per_report=round(elapsed * 1000 / len(lines), 2),
        misses=misses,
    )
