from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from supervision.filters import NONE, FigureFilter

register = template.Library()


@register.filter
def pct(value) -> str:
    """A share as a percentage with one decimal, or a dash when there is nothing to divide."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.filter
def dash(value) -> str:
    return "—" if value is None else value


@register.filter
def one_decimal(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def drill_params(figure_filter: FigureFilter, figure: str, **narrow) -> dict[str, str]:
    """Query parameters of the drill-down list behind `figure`, narrowed to a row or cell.

    `narrow` takes bureau=, area= (an id, or None/NONE for not set), source=, and start=
    and end= (kept inside the period). Built on the filter's parameters without copying
    the filter: a dashboard makes a thousand of these.
    """
    params = figure_filter.params(figure=figure)
    for name in ("bureau", "area"):
        if name in narrow:
            params[name] = "none" if narrow[name] in (None, NONE) else str(narrow[name])
    if "source" in narrow:
        params["source"] = narrow["source"]
    if "start" in narrow or "end" in narrow:
        params.pop("phase", None)
        params["start"] = max(narrow.get("start", figure_filter.start), figure_filter.start).isoformat()
        params["end"] = min(narrow.get("end", figure_filter.end), figure_filter.end).isoformat()
    return params


@lru_cache(maxsize=16)
def _path(name: str, prefix: str) -> str:
    return reverse(name)


def drill_url(figure_filter: FigureFilter, figure: str, **narrow) -> str:
    return (
        _path("supervision:cases", get_script_prefix())
        + "?"
        + urlencode(drill_params(figure_filter, figure, **narrow))
    )


@register.simple_tag
def drill(figure_filter: FigureFilter, figure: str, **narrow) -> str:
    return drill_url(figure_filter, figure, **narrow)


@register.simple_tag
def export_url(figure_filter: FigureFilter, figure: str) -> str:
    return (
        _path("supervision:cases_csv", get_script_prefix())
        + "?"
        + urlencode(figure_filter.params(figure=figure))
    )


@register.filter
def none_label(value) -> str:
    return value if value else _("Not set yet")
