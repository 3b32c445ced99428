"""How a bench hands its figures to `bench/run`: one JSON line per figure, appended to the file
named by BENCH_FIGURES (nothing when it is unset, so each script still runs on its own)."""

import json
import os


def figure_record(
    figure: str,
    value: float,
    *,
    unit: str = "",
    ratio: float | None = None,
    baseline: str = "",
    goal: str = "",
) -> None:
    """`ratio` is value against a baseline measured in the same run (named by `baseline`);
    `goal` (">= 0.5", "<= 2", "< 100") applies to the ratio when there is one, else to value."""
    path = os.environ.get("BENCH_FIGURES")
    if not path:
        return
    row = {"figure": figure, "value": value, "unit": unit, "ratio": ratio, "baseline": baseline, "goal": goal}
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
