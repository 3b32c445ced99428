"""The case flow as a chart inside the workbench, and a case's place in it.

viewflow's own chart view answers a bare SVG scaled to the window, its labels too small to
read; here the chart is drawn at its own size in a scrolled box, and a case's open steps are
marked."""

from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.views import generic
from viewflow.workflow import chart
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflow.views.case import WorkbenchView

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def flow_chart_svg(flow_class, *, process_id: int | None = None, title: str = "") -> str:
    """The flow's chart; with `process_id`, each step coloured by its state and the open
    human steps of that process outlined."""
    grid = chart.calc_layout_data(flow_class)
    current = set()
    if process_id is not None:
        chart.calc_cell_status(flow_class, grid, process_id)
        open_tasks = Task.objects.filter(process_id=process_id, status__in=OPEN, flow_task_type="HUMAN")
        current = {task.flow_task for task in open_tasks}
    context = {"grid": grid, "cells": grid.cells, "edges": grid.edges, "current": current, "title": title}
    return get_template("workflow/case/graph.svg").render(context)


class FlowChartView(WorkbenchView, generic.TemplateView):
    """The case flow, every step a case can take, inside the workbench."""

    template_name = "workflow/case/flow_chart.html"

    def get_context_data(self, **kwargs):
        from workflow.flows import CaseFlow  # noqa: PLC0415  the flow's nodes are views of this package

        title = _("The case flow")
        return {
            **super().get_context_data(**kwargs),
            "title": title,
            "chart": flow_chart_svg(CaseFlow, title=title),
        }
