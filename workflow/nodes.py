"""Flow nodes the open-source viewflow lacks or that need the case rules, and the one way
any flow (the case flow, credit's) declares a human task."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.split import SplitActivation

from workflow.selectors import task_visible
from workflow.views import task_actions


class CaseTask(flow.View):
    """A human task of a case: assignment through our services, visibility through the
    case selector, so no stock view answers from viewflow's global permissions."""

    assign_view_class = task_actions.AssignTaskView
    unassign_view_class = task_actions.UnassignTaskView
    detail_view_class = task_actions.DetailTaskView

    def can_view(self, user, task) -> bool:
        return task_visible(user=user, task=task)


class DynamicSplitActivation(SplitActivation):
    """Create one task of the next node per item the data source returns."""

    @Activation.status.super()
    def activate(self):
        for node, _condition, _unused in self.flow_task._branches:
            for item in self.flow_task._data_source(self):
                self.next_tasks.append((node, item))
        if not self.next_tasks:
            raise FlowRuntimeError(f"No items to split for {self.flow_task.name}")


class DynamicSplit(flow.Split):
    """Parallel split into as many tasks as `data_source(activation)` returns dicts; each
    becomes `task.data` of its task. (viewflow's open-source Split ignores data sources.)"""

    activation_class = DynamicSplitActivation

    def __init__(self, data_source, **kwargs):
        super().__init__(**kwargs)
        self._data_source = data_source

    def _resolve(self, instance):
        super()._resolve(instance)
        self._data_source = this.resolve(instance, self._data_source)


TIMER_TITLES = (_("Deadline reminder"), _("Escalation to supervisors"))


def human_task(view, *, title, permission, node_class: type = flow.View, timer_titles=TIMER_TITLES):
    """A human task of any flow: `title`, the owner `permission` (a string or a callable of
    the activation), announced through the flow's `task_created`, and two non-interrupting
    deadline timers - remind its holder at the flow's `reminder_at` (催办), alert supervisors
    at its `escalation_at` (督办) - whose paths are the flow's `remind` and `escalate` nodes."""
    reminder_title, escalation_title = timer_titles
    return (
        node_class(view)
        .Annotation(title=title)
        .Permission(permission)
        .onCreate(this.task_created)
        .OnTimeout(this.reminder_at, this.remind, interrupting=False, title=reminder_title)
        .OnTimeout(this.escalation_at, this.escalate, interrupting=False, title=escalation_title)
    )
