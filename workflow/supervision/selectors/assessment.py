"""Target assessment (目标考核): a weighted score per bureau, ranked, with criticism below the threshold.

Each part is a share from 0 to 1: on-time rate of all steps, closure rate, share of cases
never returned, share of ratings 4 or 5, and share of accepted cases not overdue now. A
part without data (no rating yet) drops out and the other weights count in its place.
The score is the weighted mean times 100.
"""

import dataclasses
import datetime

from intake.models import Bureau
from workflow.supervision.filters import NONE, FigureFilter
from workflow.supervision.models import AssessmentScheme
from workflow.supervision.selectors.figures import Figures, figures_grouped


@dataclasses.dataclass
class Assessment:
    bureau: Bureau
    figures: Figures
    parts: dict[str, float | None]
    score: float | None
    rank: int | None = None
    criticised: bool = False


def assessment_scheme() -> AssessmentScheme:
    """The scheme in use, or the built-in default weights when an administrator set none."""
    return AssessmentScheme.objects.filter(is_active=True).first() or AssessmentScheme(name="default")


def assessment_parts(figures: Figures) -> dict[str, float | None]:
    returns = 1 - figures.returned / figures.received if figures.received else None
    overdue = max(0.0, 1 - figures.overdue / figures.accepted) if figures.accepted else None
    return {
        "on_time": figures.on_time_rate,
        "closure": figures.closure_rate,
        "returns": returns,
        "satisfaction": figures.satisfaction_rate,
        "overdue": overdue,
    }


def assessment_score(parts: dict[str, float | None], scheme: AssessmentScheme) -> float | None:
    weighted = [(weight, parts[key]) for key, weight in scheme.weights() if weight and parts[key] is not None]
    total = sum(weight for weight, _part in weighted)
    if not total:
        return None
    return round(100 * sum(weight * part for weight, part in weighted) / total, 1)


def assessment_rank(
    figure_filter: FigureFilter,
    *,
    now: datetime.datetime | None = None,
    grouped: dict | None = None,
    scheme: AssessmentScheme | None = None,
    bureaus: dict[int, Bureau] | None = None,
) -> list[Assessment]:
    """Bureaus of the filter, best first; unranked ones (too few cases) last."""
    scheme = scheme or assessment_scheme()
    if grouped is None:
        grouped = figures_grouped(figure_filter, "bureau", now=now)
    if bureaus is None:
        bureaus = Bureau.objects.in_bulk([key for key in grouped if key != NONE])
    rows = []
    for bureau_id, figures in grouped.items():
        if bureau_id == NONE or bureau_id not in bureaus:
            continue
        parts = assessment_parts(figures)
        rows.append(
            Assessment(
                bureau=bureaus[bureau_id], figures=figures, parts=parts, score=assessment_score(parts, scheme)
            )
        )
    ranked = [
        row for row in rows if row.score is not None and row.figures.accepted >= max(1, scheme.minimum_cases)
    ]
    ranked.sort(key=lambda row: (-row.score, -row.figures.accepted, row.bureau.code))
    for position, row in enumerate(ranked, start=1):
        row.rank = position
        row.criticised = row.score < scheme.threshold
    unranked = sorted((row for row in rows if row.rank is None), key=lambda row: row.bureau.code)
    return ranked + unranked
