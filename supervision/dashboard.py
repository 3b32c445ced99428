"""Puts the selectors' figures and the charts together for the dashboard template.

A fixed number of queries whatever the number of cases, bureaus or weeks.
"""

import dataclasses
import datetime

from django.utils.translation import gettext as _

from intake.models import Area, Bureau, Report
from supervision import charts
from supervision.filters import NONE, FigureFilter
from supervision.models import Campaign
from supervision.selectors.assessment import assessment_rank, assessment_scheme
from supervision.selectors.figures import (
    Figures,
    figures_area_month,
    figures_breakdown,
    figures_by_phase,
    month_bounds,
    months_between,
    trend_weekly,
)
from supervision.templatetags.supervision import drill_url, pct


@dataclasses.dataclass
class Row:
    label: str
    narrow: dict  # how to narrow the filter to this row (bureau=, area=, source=, start=, end=)
    figures: Figures
    figure_filter: FigureFilter


def _link(figure_filter: FigureFilter, figure: str, **narrow) -> str:
    return drill_url(figure_filter, figure, **narrow)


def _rows(figure_filter: FigureFilter, grouped: dict, name: str, labels: dict, order) -> list[Row]:
    field = {"bureau": "bureau_id", "area": "area_id", "source": "source"}[name]
    rows = [
        Row(
            label=labels.get(key) or _("Not set yet"),
            narrow={name: key},
            figures=figures,
            figure_filter=figure_filter.replace(**{field: key}),
        )
        for key, figures in grouped.items()
    ]
    return sorted(rows, key=order)


def dashboard_context(figure_filter: FigureFilter, *, now: datetime.datetime | None = None) -> dict:
    """Everything the dashboard shows for `figure_filter` (already limited to the user's scope)."""
    breakdown = figures_breakdown(figure_filter, now=now)
    total, by_bureau, by_area, by_source = breakdown.total, breakdown.bureau, breakdown.area, breakdown.source
    bureaus = Bureau.objects.in_bulk([key for key in by_bureau if key != NONE])
    monthly, heat = figures_area_month(figure_filter)
    areas = Area.objects.in_bulk(
        {key for key in by_area if key != NONE} | {key for key, _m in heat if key != NONE}
    )
    sources = dict(Report.Source.choices)
    area_order = {pk: area.number for pk, area in areas.items()}

    bureau_rows = _rows(
        figure_filter,
        by_bureau,
        "bureau",
        {pk: b.label for pk, b in bureaus.items()},
        lambda row: (-row.figures.received, row.label),
    )
    area_rows = _rows(
        figure_filter,
        by_area,
        "area",
        {pk: a.label for pk, a in areas.items()},
        lambda row: area_order.get(row.narrow["area"], 999),
    )
    source_order = list(sources)
    source_rows = _rows(
        figure_filter,
        by_source,
        "source",
        {key: str(label) for key, label in sources.items()},
        lambda row: source_order.index(row.narrow["source"]) if row.narrow["source"] in source_order else 99,
    )
    month_rows = [
        Row(
            label=month.strftime("%Y-%m"),
            narrow=dict(zip(("start", "end"), month_bounds(month), strict=False)),
            figures=figures,
            figure_filter=figure_filter.narrowed(*month_bounds(month)),
        )
        for month, figures in monthly
    ]
    ranking = assessment_rank(figure_filter, grouped=by_bureau, bureaus=bureaus)
    campaign = figure_filter.campaign or Campaign.objects.filter(is_active=True).first()
    phases = figures_by_phase(figure_filter, campaign, now=now) if campaign else []

    weeks = trend_weekly(figure_filter)
    week_spans = [(w["week"], w["week"] + datetime.timedelta(days=6)) for w in weeks]
    trend = charts.line_chart(
        _("Received and closed per week"),
        [w["week"] for w in weeks],
        [
            charts.Series(
                _("Received"),
                charts.BLUE,
                [w["received"] for w in weeks],
                [_link(figure_filter, "received", start=a, end=b) for a, b in week_spans],
            ),
            charts.Series(
                _("Closed"),
                charts.GREEN,
                [w["closures"] for w in weeks],
                [_link(figure_filter, "closures", start=a, end=b) for a, b in week_spans],
            ),
        ],
    )
    rated_bureaus = sorted(
        (row for row in bureau_rows if row.figures.closure_rate is not None and row.narrow["bureau"] != NONE),
        key=lambda row: (-row.figures.closure_rate, row.label),
    )
    closure_chart = charts.bar_chart(
        _("Closure rate per bureau"),
        [
            charts.Bar(
                row.label,
                row.figures.closure_rate,
                pct(row.figures.closure_rate),
                _link(figure_filter, "closed", bureau=row.narrow["bureau"]),
                charts.GREEN,
            )
            for row in rated_bureaus
        ],
        maximum=1,
    )
    overdue_rows = sorted(
        (row for row in bureau_rows if row.figures.overdue),
        key=lambda row: (-row.figures.overdue, row.label),
    )
    overdue_chart = charts.bar_chart(
        _("Overdue now per bureau"),
        [
            charts.Bar(
                row.label,
                row.figures.overdue,
                str(row.figures.overdue),
                _link(figure_filter, "overdue", bureau=row.narrow["bureau"]),
                charts.RED,
            )
            for row in overdue_rows
        ],
    )
    heat_rows = sorted({key for key, _m in heat}, key=lambda key: area_order.get(key, 999))
    heat_chart = charts.heatmap(
        _("Reports received per area and month"),
        [(areas[key].label if key in areas else _("Not set yet"), key) for key in heat_rows],
        months_between(figure_filter.start, figure_filter.end),
        heat,
        lambda key, month: _link(
            figure_filter,
            "received",
            area=key,
            **dict(zip(("start", "end"), month_bounds(month), strict=False)),
        ),
    )
    return {
        "filter": figure_filter,
        "total": total,
        "bureau_rows": bureau_rows,
        "area_rows": area_rows,
        "source_rows": source_rows,
        "month_rows": month_rows,
        "ranking": ranking,
        "assessment_draft": assessment_scheme().is_draft,
        "phases": phases,
        "phase_campaign": campaign,
        "charts": [
            (_("Received and closed per week"), trend),
            (_("Closure rate per bureau"), closure_chart),
            (_("Overdue now per bureau"), overdue_chart),
            (_("Reports received per area and month"), heat_chart),
        ],
    }
