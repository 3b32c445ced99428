"""Flow nodes the open-source viewflow lacks or that need the case rules."""

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.split import SplitActivation

from workflow.views import task_actions


class CaseTask(flow.View):
    """A human task of a case: assignment through our services, visibility through the
    case selector, so no stock view answers from viewflow's global permissions."""

    assign_view_class = task_actions.AssignTaskView
    unassign_view_class = task_actions.UnassignTaskView
    detail_view_class = task_actions.DetailTaskView

    def can_view(self, user, task) -> bool:
        from workflow.selectors import task_visible

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
