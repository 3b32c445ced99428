"""What higher apps add to the workbench without the workflow importing them.

A higher app (credit) registers in its AppConfig.ready():

- flows whose human tasks appear in the workbench inbox, queue and badges beside the case
  flow's, with the URL name of the page that opens such a task (reversed with the task id);
- case page panels: templates included on the case page for users with full access to the
  case (triage, the handling bureau, supervisors), given the page's context.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class TaskFlow:
    flow_class: type
    url_name: str


_task_flows: dict[type, TaskFlow] = {}
_case_panels: list[str] = []


def task_flow_register(flow_class: type, *, url_name: str) -> None:
    """Show the human tasks of `flow_class` in the workbench; `url_name` opens one (task id)."""
    _task_flows[flow_class] = TaskFlow(flow_class=flow_class, url_name=url_name)


def task_flows() -> list[type]:
    """The flows whose human tasks the workbench lists: the case flow and the registered ones."""
    from workflow.flows import CaseFlow

    return [CaseFlow, *_task_flows]


def registered_task_flows() -> list[TaskFlow]:
    return list(_task_flows.values())


def task_url(task) -> str | None:
    """The page of a registered flow's task, or None for the case flow's (viewflow's own)."""
    registered = _task_flows.get(task.flow_task.flow_class)
    return reverse(registered.url_name, args=[task.pk]) if registered else None


def case_panel_register(template_name: str) -> None:
    """Include `template_name` on the case page for users with full access to the case."""
    if template_name not in _case_panels:
        _case_panels.append(template_name)


def case_panels() -> list[str]:
    return list(_case_panels)
