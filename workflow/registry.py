"""What higher apps add to the workbench without the workflow importing them.

A higher app (credit) registers in its AppConfig.ready():

- flows whose human tasks appear in the workbench inbox, queue and badges beside the case
  flow's; such a task opens in the workbench at `tasks/<id>/`, which runs the view of the
  task's node, and `facts(tasks)` gives the queue its deadline, area and bureau;
- case page panels: templates included on the case page for users with full access to the
  case (triage, the handling bureau, supervisors), given the page's context.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class TaskFacts:
    """What the workbench lists show of a registered flow's task."""

    due: datetime.datetime | None = None
    area: object | None = None
    bureau: object | None = None
    case_reference: str = ""  # the case the task's process serves, if any


@dataclass(frozen=True)
class TaskFlow:
    flow_class: type
    facts: Callable[[list], dict[int, TaskFacts]] | None = None


_task_flows: dict[type, TaskFlow] = {}
_case_panels: list[str] = []


def task_flow_register(
    flow_class: type, *, facts: Callable[[list], dict[int, TaskFacts]] | None = None
) -> None:
    """Show the human tasks of `flow_class` in the workbench. `facts(tasks)` answers, for a
    page of its open tasks, {task id: TaskFacts} in a fixed number of queries."""
    _task_flows[flow_class] = TaskFlow(flow_class=flow_class, facts=facts)


def task_flows() -> list[type]:
    """The flows whose human tasks the workbench lists: the case flow and the registered ones."""
    from workflow.flows import CaseFlow  # noqa: PLC0415  the flow's views read this registry

    return [CaseFlow, *_task_flows]


def registered_task_flows() -> list[TaskFlow]:
    return list(_task_flows.values())


def is_registered(task) -> bool:
    return task.flow_task.flow_class in _task_flows


def task_url(task) -> str | None:
    """The workbench page of a registered flow's task, or None for the case flow's (viewflow's own)."""
    return reverse("case:registered_task", args=[task.pk]) if is_registered(task) else None


def task_facts(tasks) -> dict[int, TaskFacts]:
    """Deadline, area and bureau of the registered flows' tasks among `tasks`, by task id."""
    by_flow: dict[type, list] = {}
    for task in tasks:
        if is_registered(task):
            by_flow.setdefault(task.flow_task.flow_class, []).append(task)
    found: dict[int, TaskFacts] = {}
    for flow_class, flow_tasks in by_flow.items():
        describe = _task_flows[flow_class].facts
        if describe is not None:
            found.update(describe(flow_tasks))
    return found


def case_panel_register(template_name: str) -> None:
    """Include `template_name` on the case page for users with full access to the case."""
    if template_name not in _case_panels:
        _case_panels.append(template_name)


def case_panels() -> list[str]:
    return list(_case_panels)
