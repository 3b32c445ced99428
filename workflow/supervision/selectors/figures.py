"""The dashboard's figures, summed from the daily roll-ups in the database.

Only "overdue now" is live: it is counted on the case columns through the partial index
on open cases, because it changes with the clock rather than with events.
"""

import dataclasses
import datetime

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from workflow.models import Case
from workflow.supervision.filters import NONE, FigureFilter
from workflow.supervision.models import CLOSE_DAYS_MAX, CaseFact, DailyRollup, Phase

COUNTERS = (
    "received",
    "accepted",
    "closed",
    "closures",
    "triage_measured",
    "triage_on_time",
    "sign_measured",
    "sign_on_time",
    "investigate_measured",
    "investigate_on_time",
    "returned",
    "reopened",
    "rated",
    "rating_sum",
    "satisfied",
    "disputed",
)
HISTOGRAM = tuple(f"wd_{days}" for days in range(CLOSE_DAYS_MAX + 1)) + ("wd_over",)
DIMENSIONS = {"bureau": "bureau_id", "area": "area_id", "source": "source"}


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclasses.dataclass
class Figures:
    received: int = 0
    accepted: int = 0
    closed: int = 0
    closures: int = 0
    triage_measured: int = 0
    triage_on_time: int = 0
    sign_measured: int = 0
    sign_on_time: int = 0
    investigate_measured: int = 0
    investigate_on_time: int = 0
    returned: int = 0
    reopened: int = 0
    rated: int = 0
    rating_sum: int = 0
    satisfied: int = 0
    disputed: int = 0
    overdue: int = 0
    median_days: int | None = None
    p90_days: int | None = None

    @property
    def closure_rate(self) -> float | None:
        return _ratio(self.closed, self.accepted)

    @property
    def triage_rate(self) -> float | None:
        return _ratio(self.triage_on_time, self.triage_measured)

    @property
    def sign_rate(self) -> float | None:
        return _ratio(self.sign_on_time, self.sign_measured)

    @property
    def investigate_rate(self) -> float | None:
        return _ratio(self.investigate_on_time, self.investigate_measured)

    @property
    def on_time_rate(self) -> float | None:
        """All steps together: steps done on time over steps done."""
        return _ratio(
            self.triage_on_time + self.sign_on_time + self.investigate_on_time,
            self.triage_measured + self.sign_measured + self.investigate_measured,
        )

    @property
    def average_rating(self) -> float | None:
        return _ratio(self.rating_sum, self.rated)

    @property
    def satisfaction_rate(self) -> float | None:
        """Ratings of 4 or 5 over ratings given."""
        return _ratio(self.satisfied, self.rated)

    @property
    def dispute_rate(self) -> float | None:
        return _ratio(self.disputed, self.rated)

    @property
    def triage_late(self) -> int:
        return self.triage_measured - self.triage_on_time

    @property
    def sign_late(self) -> int:
        return self.sign_measured - self.sign_on_time

    @property
    def investigate_late(self) -> int:
        return self.investigate_measured - self.investigate_on_time


def _sums() -> dict:
    return {name: Sum(name) for name in COUNTERS + HISTOGRAM}


def _nearest_rank(histogram: list[int], over: int, percent: int) -> tuple[int | None, int]:
    """Nearest-rank percentile: (value, 0), or (None, rank among the overflow) when above the buckets."""
    total = sum(histogram) + over
    if not total:
        return None, 0
    rank = max(1, -(-total * percent // 100))  # ceil(total * percent / 100) in integers
    seen = 0
    for days, count in enumerate(histogram):
        seen += count
        if seen >= rank:
            return days, 0
    return None, rank - seen


def _overflow_value(figure_filter: FigureFilter, rank: int) -> int:
    return (
        CaseFact.objects.filter(
            figure_filter.fact_q(prefix=""), closed=True, close_working_days__gt=CLOSE_DAYS_MAX
        )
        .order_by("close_working_days")
        .values_list("close_working_days", flat=True)[rank - 1]
    )


def _figures(values: dict, figure_filter: FigureFilter) -> Figures:
    figures = Figures(**{name: values.get(name) or 0 for name in COUNTERS})
    histogram = [values.get(name) or 0 for name in HISTOGRAM[:-1]]
    over = values.get("wd_over") or 0
    for attribute, percent in (("median_days", 50), ("p90_days", 90)):
        value, overflow_rank = _nearest_rank(histogram, over, percent)
        if value is None and overflow_rank:
            value = _overflow_value(figure_filter, overflow_rank)
        setattr(figures, attribute, value)
    return figures


def figures_total(figure_filter: FigureFilter, *, now: datetime.datetime | None = None) -> Figures:
    """All figures of the filter: two queries whatever the number of cases."""
    values = DailyRollup.objects.filter(figure_filter.rollup_q()).aggregate(**_sums())
    figures = _figures(values, figure_filter)
    figures.overdue = Case.objects.filter(figure_filter.overdue_q(now)).count()
    return figures


def figures_grouped(
    figure_filter: FigureFilter, dimension: str, *, now: datetime.datetime | None = None
) -> dict:
    """Figures per bureau, area or source: {id or source (NONE for not set): Figures}."""
    field = DIMENSIONS[dimension]
    result: dict = {}
    rows = DailyRollup.objects.filter(figure_filter.rollup_q()).values(field).annotate(**_sums()).order_by()
    for values in rows:
        key = values[field] if values[field] is not None else NONE
        result[key] = _figures(values, figure_filter.replace(**{field: key}))
    overdue = (
        Case.objects.filter(figure_filter.overdue_q(now)).values(field).annotate(n=Count("pk")).order_by()
    )
    for values in overdue:
        key = values[field] if values[field] is not None else NONE
        result.setdefault(key, Figures()).overdue = values["n"]
    return result


def figures_monthly(figure_filter: FigureFilter) -> list[tuple[datetime.date, Figures]]:
    """Figures per month of receipt (closures: per month of closing), oldest first."""
    rows = (
        DailyRollup.objects.filter(figure_filter.rollup_q())
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**_sums())
        .order_by("month")
    )
    return [(values["month"], _figures(values, figure_filter.narrowed(*month_bounds(values["month"])))) for values in rows]


def trend_weekly(figure_filter: FigureFilter) -> list[dict]:
    """Received and closed per week (Monday first) across the period, empty weeks included."""
    counts = {
        values["week"]: values
        for values in DailyRollup.objects.filter(figure_filter.rollup_q())
        .annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(received=Sum("received"), closures=Sum("closures"))
        .order_by()
    }
    week = figure_filter.start - datetime.timedelta(days=figure_filter.start.weekday())
    weeks = []
    while week <= figure_filter.end:
        values = counts.get(week, {})
        weeks.append(
            {"week": week, "received": values.get("received") or 0, "closures": values.get("closures") or 0}
        )
        week += datetime.timedelta(days=7)
    return weeks


def heatmap_area_month(figure_filter: FigureFilter) -> dict[tuple[int, datetime.date], int]:
    """Cases received per (area id or NONE, month)."""
    rows = (
        DailyRollup.objects.filter(figure_filter.rollup_q())
        .annotate(month=TruncMonth("day"))
        .values("area_id", "month")
        .annotate(received=Sum("received"))
        .order_by()
    )
    return {
        (values["area_id"] if values["area_id"] is not None else NONE, values["month"]): values["received"]
        for values in rows
        if values["received"]
    }


def figures_by_phase(
    figure_filter: FigureFilter, campaign, *, now: datetime.datetime | None = None
) -> list[tuple[Phase, FigureFilter, Figures]]:
    """Each phase of `campaign` with the filter's other choices, over the phase's own dates."""
    today = timezone.localdate()
    result = []
    areas = frozenset(campaign.areas.values_list("pk", flat=True))
    for phase in campaign.phases.all():
        end = phase.end or max(today, phase.start)
        phase_filter = figure_filter.replace(
            start=phase.start, end=end, campaign=campaign, phase=phase, campaign_area_ids=areas
        )
        result.append((phase, phase_filter, figures_total(phase_filter, now=now)))
    return result


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    month, months = start.replace(day=1), []
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def has_figures(figures: Figures) -> bool:
    return bool(figures.received or figures.closures or figures.overdue)

