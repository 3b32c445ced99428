"""Target assessment (目标考核): a weighted score per bureau, ranked; units below the threshold are
flagged for supervisors, who decide any outcome from the figures (nothing is automatic).

Weights and threshold are the city's policies (`intake.policies`): the rules name the
assessment (part 5) but no weights. Until the city adopts its own the drafts apply, and the
pages say so.

Each part is a share from 0 to 1: on-time rate of all steps, closure rate, share of cases
never returned, share of ratings 4 or 5, and share of accepted cases not overdue now. A
part without data (no rating yet) drops out and the other weights count in its place.
The score is the weighted mean times 100.
"""

import dataclasses
import datetime

from intake import policies
from intake.models import Bureau
from intake.policies import policy_in_use
from supervision.filters import NONE, FigureFilter
from supervision.selectors.figures import Figures, figures_grouped


@dataclasses.dataclass
class Assessment:
    bureau: Bureau
    figures: Figures
    parts: dict[str, float | None]
    score: float | None
    rank: int | None = None
    flagged: bool = False


PARTS = ("on_time", "closure", "returns", "satisfaction", "overdue")


@dataclasses.dataclass(frozen=True)
class AssessmentScheme:
    """Weights of the parts, the score below which a unit is flagged, and the fewest accepted
    cases a ranked unit has. `is_draft`: taken from a policy the city has not adopted."""

    weight: dict[str, int]
    threshold: float = 0
    minimum_cases: int = 1
    is_draft: bool = False

    def weights(self) -> list[tuple[str, int]]:
        return [(key, int(self.weight.get(key) or 0)) for key in PARTS]


def assessment_scheme() -> AssessmentScheme:
    """The assessment policies in use (adopted, else the drafts, marked as such)."""
    weights = policy_in_use(policies.ASSESSMENT_WEIGHTS)
    threshold = policy_in_use(policies.ASSESSMENT_THRESHOLD)
    limits = threshold.value if threshold is not None else {}
    return AssessmentScheme(
        weight=dict(weights.value) if weights is not None else {key: 1 for key in PARTS},
        threshold=limits.get("score", 0),
        minimum_cases=int(limits.get("minimum_cases") or 1),
        is_draft=any(p is None or p.is_draft for p in (weights, threshold)),
    )


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
        row.flagged = row.score < scheme.threshold
    unranked = sorted((row for row in rows if row.rank is None), key=lambda row: row.bureau.code)
    return ranked + unranked
