from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from workflow.supervision.filters import NONE, FigureFilter

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
    """Query parameters of the drill-down list behind `figure`, narrowed to a row or cell."""
    changes = {}
    for name, field in (("bureau", "bureau_id"), ("area", "area_id")):
        if name in narrow:
            changes[field] = NONE if narrow[name] in (None, NONE) else narrow[name]
    if "source" in narrow:
        changes["source"] = narrow["source"]
    if changes:
        figure_filter = figure_filter.replace(**changes)
    if "start" in narrow or "end" in narrow:
        figure_filter = figure_filter.narrowed(
            narrow.get("start", figure_filter.start), narrow.get("end", figure_filter.end)
        )
    return figure_filter.params(figure=figure)


@register.simple_tag
def drill(figure_filter: FigureFilter, figure: str, **narrow) -> str:
    return reverse("supervision:cases") + "?" + urlencode(drill_params(figure_filter, figure, **narrow))


@register.simple_tag
def export_url(figure_filter: FigureFilter, figure: str) -> str:
    return reverse("supervision:cases_csv") + "?" + urlencode(figure_filter.params(figure=figure))


@register.filter
def none_label(value) -> str:
    return value if value else _("Not set yet")
