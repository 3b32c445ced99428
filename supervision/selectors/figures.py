"""The dashboard's figures, summed from the roll-ups in the database.

A period is read from the monthly roll-up for its whole months and from the daily one
for the days before its first and after its last whole month, so the rows read grow with
the number of months, not of cases. Only "overdue now" is live: it is counted on the case
columns through the partial index on open cases, because it changes with the clock.
"""

import dataclasses
import datetime

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from supervision.filters import NONE, FigureFilter
from supervision.models import (
    CLOSE_DAYS_MAX,
    ROLLUP_COUNTS,
    CaseFact,
    DailyRollup,
    MonthlyRollup,
    Phase,
)
from workflow.models import Case
from workflow.selectors import reports_awaiting_case

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
    "late",
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
    late: int = 0  # cases with at least one step late
    returned: int = 0
    reopened: int = 0
    rated: int = 0
    rating_sum: int = 0
    satisfied: int = 0
    disputed: int = 0
    overdue: int = 0
    awaiting_case: int = 0  # reports stored whose case a worker has not opened yet (in received)
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


def _pieces(figure_filter: FigureFilter) -> list[tuple[QuerySet, str]]:
    """Roll-up querysets that together cover the period once, with their date column."""
    start, end = figure_filter.start, figure_filter.end
    dimensions = figure_filter.dimensions_q()
    first_full = start if start.day == 1 else month_bounds(start)[1] + datetime.timedelta(days=1)
    last_full = end if end == month_bounds(end)[1] else end.replace(day=1) - datetime.timedelta(days=1)
    if first_full > last_full:
        return [(DailyRollup.objects.filter(dimensions, day__range=(start, end)), "day")]
    pieces = [
        (
            MonthlyRollup.objects.filter(dimensions, month__range=(first_full, last_full.replace(day=1))),
            "month",
        )
    ]
    edges = Q()
    if start < first_full:
        edges |= Q(day__range=(start, first_full - datetime.timedelta(days=1)))
    if last_full < end:
        edges |= Q(day__range=(last_full + datetime.timedelta(days=1), end))
    if edges:
        pieces.append((DailyRollup.objects.filter(dimensions).filter(edges), "day"))
    return pieces


def _summed(
    figure_filter: FigureFilter, by: tuple[str, ...] = (), *, by_month: bool = False
) -> dict[tuple, dict]:
    """Every roll-up count summed per group: {(values of `by`[, month]): {count: sum}}."""
    sums = {name: Sum(name) for name in ROLLUP_COUNTS}
    result: dict[tuple, dict] = {}
    for queryset, date_field in _pieces(figure_filter):
        fields = list(by)
        if by_month:
            queryset = queryset.annotate(
                period_month=F("month") if date_field == "month" else TruncMonth("day")
            )
            fields.append("period_month")
        rows = (
            queryset.values(*fields).annotate(**sums).order_by() if fields else [queryset.aggregate(**sums)]
        )
        for values in rows:
            target = result.setdefault(
                tuple(values[field] for field in fields), dict.fromkeys(ROLLUP_COUNTS, 0)
            )
            for name in ROLLUP_COUNTS:
                target[name] += values[name] or 0
    return result


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


def _key(value):
    return NONE if value is None else value


def _add(target: dict, values: dict) -> None:
    for name in ROLLUP_COUNTS:
        target[name] = target.get(name, 0) + values[name]


def _awaiting_case(figure_filter: FigureFilter, now: datetime.datetime | None) -> int:
    """Reports of the filter received but not yet a case (no bureau yet): they count as received
    until their case, and its fact, exist."""
    if figure_filter.bureau_id not in (None, NONE):
        return 0
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(figure_filter.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        figure_filter.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    q = figure_filter.replace(bureau_id=None).dimensions_q()
    return (
        reports_awaiting_case(now=now).filter(q, created_at__gte=start, created_at__lt=end).order_by().count()
    )


def figures_total(figure_filter: FigureFilter, *, now: datetime.datetime | None = None) -> Figures:
    """All figures of the filter, in a few queries whatever the number of cases."""
    figures = _figures(_summed(figure_filter).get((), {}), figure_filter)
    figures.overdue = Case.objects.filter(figure_filter.overdue_q(now)).count()
    figures.awaiting_case = _awaiting_case(figure_filter, now)
    figures.received += figures.awaiting_case
    return figures


@dataclasses.dataclass
class Breakdown:
    total: Figures
    bureau: dict  # bureau id (NONE: not dispatched) -> Figures
    area: dict  # area id (NONE: not set) -> Figures
    source: dict  # source -> Figures


def figures_breakdown(figure_filter: FigureFilter, *, now: datetime.datetime | None = None) -> Breakdown:
    """Total, per bureau, per area and per source at once: one roll-up and one live query."""
    groups = _summed(figure_filter, ("area_id", "bureau_id", "source"))
    overdue = {
        (row["area_id"], row["bureau_id"], row["source"]): row["n"]
        for row in Case.objects.filter(figure_filter.overdue_q(now))
        .values("area_id", "bureau_id", "source")
        .annotate(n=Count("pk"))
        .order_by()
    }
    total: dict = {}
    parts: dict[str, dict] = {"bureau": {}, "area": {}, "source": {}}
    late: dict[str, dict] = {"bureau": {}, "area": {}, "source": {}}
    for (area_id, bureau_id, source), values in groups.items():
        _add(total, values)
        for name, key in (("bureau", _key(bureau_id)), ("area", _key(area_id)), ("source", source)):
            _add(parts[name].setdefault(key, {}), values)
    for (area_id, bureau_id, source), count in overdue.items():
        for name, key in (("bureau", _key(bureau_id)), ("area", _key(area_id)), ("source", source)):
            late[name][key] = late[name].get(key, 0) + count
            parts[name].setdefault(key, dict.fromkeys(ROLLUP_COUNTS, 0))
    field = {"bureau": "bureau_id", "area": "area_id", "source": "source"}
    result = {}
    for name, grouped in parts.items():
        result[name] = {}
        for key, values in grouped.items():
            figures = _figures(values, figure_filter.replace(**{field[name]: key}))
            figures.overdue = late[name].get(key, 0)
            result[name][key] = figures
    figures = _figures(total, figure_filter)
    figures.overdue = sum(overdue.values())
    figures.awaiting_case = _awaiting_case(figure_filter, now)
    figures.received += figures.awaiting_case
    return Breakdown(total=figures, **result)


def figures_grouped(
    figure_filter: FigureFilter, dimension: str, *, now: datetime.datetime | None = None
) -> dict:
    """Figures per bureau, area or source: {id or source (NONE for not set): Figures}."""
    return getattr(figures_breakdown(figure_filter, now=now), dimension)


def figures_area_month(figure_filter: FigureFilter) -> tuple[list[tuple[datetime.date, Figures]], dict]:
    """Figures per month of receipt (closures: per month of closing), oldest first, and the
    heat map of cases received per (area id or NONE, month): one roll-up query."""
    cells = _summed(figure_filter, ("area_id",), by_month=True)
    months: dict[datetime.date, dict] = {}
    heat = {}
    for (area_id, month), values in cells.items():
        _add(months.setdefault(month, {}), values)
        if values["received"]:
            heat[(_key(area_id), month)] = values["received"]
    monthly = [
        (month, _figures(months[month], figure_filter.narrowed(*month_bounds(month))))
        for month in sorted(months)
    ]
    return monthly, heat


def figures_monthly(figure_filter: FigureFilter) -> list[tuple[datetime.date, Figures]]:
    return figures_area_month(figure_filter)[0]


def heatmap_area_month(figure_filter: FigureFilter) -> dict[tuple[int, datetime.date], int]:
    return figures_area_month(figure_filter)[1]


def trend_weekly(figure_filter: FigureFilter) -> list[dict]:
    """Received and closed per week (Monday first) across the period, empty weeks included.

    Summed per day from the daily roll-up alone (an index-only scan of its covering index
    on day, dimensions, received and closures) and put into weeks here.
    """
    weeks: dict[datetime.date, dict] = {}
    week = figure_filter.start - datetime.timedelta(days=figure_filter.start.weekday())
    while week <= figure_filter.end:
        weeks[week] = {"week": week, "received": 0, "closures": 0}
        week += datetime.timedelta(days=7)
    rows = (
        DailyRollup.objects.filter(figure_filter.rollup_q())
        .values("day")
        .annotate(received=Sum("received"), closures=Sum("closures"))
        .order_by("day")  # lets PostgreSQL read the covering index in order
        .values_list("day", "received", "closures")
    )
    for day, received, closures in rows:
        target = weeks[day - datetime.timedelta(days=day.weekday())]
        target["received"] += received or 0
        target["closures"] += closures or 0
    return list(weeks.values())


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
