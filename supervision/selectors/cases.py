"""The cases behind each figure (drill-down lists and CSV exports)."""

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from supervision.filters import FigureFilter
from supervision.selectors.figures import figures_total
from workflow.models import Case
from workflow.selectors import case_list

P = "supervision_fact__"

# figure key -> (title, date the period applies to, condition on the fact)
FIGURES: dict[str, tuple] = {
    "received": (_("Reports received"), "created_on", Q()),
    "accepted": (_("Cases accepted"), "created_on", Q(**{f"{P}accepted": True})),
    "closed": (_("Cases closed"), "created_on", Q(**{f"{P}closed": True})),
    "unclosed": (
        _("Accepted cases not closed yet"),
        "created_on",
        Q(**{f"{P}accepted": True, f"{P}closed": False}),
    ),
    "closures": (_("Cases closed in the period"), "closed_on", Q(**{f"{P}closed": True})),
    "triage_on_time": (_("Triaged on time"), "created_on", Q(**{f"{P}triage_on_time": True})),
    "triage_late": (_("Triaged late"), "created_on", Q(**{f"{P}triage_on_time": False})),
    "sign_on_time": (_("Signed for on time"), "created_on", Q(**{f"{P}sign_on_time": True})),
    "sign_late": (_("Signed for late"), "created_on", Q(**{f"{P}sign_on_time": False})),
    "investigate_on_time": (
        _("Investigated and decided on time"),
        "created_on",
        Q(**{f"{P}investigate_on_time": True}),
    ),
    "investigate_late": (
        _("Investigated and decided late"),
        "created_on",
        Q(**{f"{P}investigate_on_time": False}),
    ),
    "late": (
        _("Late at some step"),
        "created_on",
        Q(**{f"{P}triage_on_time": False})
        | Q(**{f"{P}sign_on_time": False})
        | Q(**{f"{P}investigate_on_time": False}),
    ),
    "returned": (_("Returned by a bureau"), "created_on", Q(**{f"{P}returned": True})),
    "reopened": (_("Reopened after a dispute"), "created_on", Q(**{f"{P}reopened": True})),
    "rated": (_("Rated by the reporter"), "created_on", Q(**{f"{P}rating__isnull": False})),
    "satisfied": (_("Rated satisfied (4 or 5)"), "created_on", Q(**{f"{P}rating__gte": 4})),
    "disputed": (_("Disputed by the reporter"), "created_on", Q(**{f"{P}disputed": True})),
    "overdue": (_("Overdue now"), None, None),
}


def figure_title(figure: str) -> str:
    return str(FIGURES[figure][0])


def drilldown_cases(
    *, user, figure_filter: FigureFilter, figure: str, now: datetime.datetime | None = None
) -> QuerySet[Case]:
    """The cases behind `figure` under the filter, among those `user` may see; newest first."""
    cases = case_list(user=user)
    if figure == "overdue":
        cases = cases.filter(figure_filter.overdue_q(now))
    else:
        _title, basis, condition = FIGURES[figure]
        cases = cases.filter(figure_filter.fact_q(basis=basis), condition)
    # Newest first on the created_at index alone: a tie-break column would make PostgreSQL
    # sort every matching case before taking a page.
    return cases.select_related("area", "bureau", "supervision_fact").order_by("-created_at")


# figure key -> how the roll-up figures count it
FIGURE_COUNTS = {
    "unclosed": lambda figures: figures.accepted - figures.closed,
    "triage_late": lambda figures: figures.triage_late,
    "sign_late": lambda figures: figures.sign_late,
    "investigate_late": lambda figures: figures.investigate_late,
}


def drilldown_count(*, figure_filter: FigureFilter, figure: str, now: datetime.datetime | None = None) -> int:
    """How many cases `drilldown_cases` lists, from the roll-ups (a count over the facts
    would read every case of the period). Facts and roll-ups change in one transaction."""

    figures = figures_total(figure_filter, now=now)
    if figure in FIGURE_COUNTS:
        return FIGURE_COUNTS[figure](figures)
    return getattr(figures, figure)


def case_for_supervision(*, user, reference: str) -> Case | None:
    """One case with its fact and typical-case mark, if `user` may see it (else None: 404)."""
    return (
        case_list(user=user)
        .select_related("area", "bureau", "supervision_fact", "typical")
        .filter(reference=reference)
        .first()
    )
