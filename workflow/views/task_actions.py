"""Taking and releasing a task through our services (which check permissions and send the
task signals) instead of viewflow's stock views; the stock confirmation templates stay."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow.views.mixins import TaskViewTemplateNames

from workflow import services
from workflow.services.tasks import case_of


class TaskActionView(TaskViewTemplateNames, generic.FormView):
    form_class = forms.Form

    def case_url(self):
        case = case_of(self.request.activation)
        return self.request.resolver_match.flow_viewset.reverse("case_detail", args=[case.reference])


class AssignTaskView(TaskActionView):
    """Take an unassigned task from the queue and open it."""

    template_filename = "task_assign.html"

    def form_valid(self, form):
        task = self.request.activation.task
        try:
            services.task_take(task=task, user=self.request.user)
        except PermissionDenied as exc:
            messages.error(self.request, str(exc), fail_silently=True)
            return redirect(self.case_url())
        messages.success(self.request, _("The task is yours."), fail_silently=True)
        return redirect(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))


class UnassignTaskView(TaskActionView):
    """Put an assigned task back in the queue of its bureau."""

    template_filename = "task_unassign.html"

    def form_valid(self, form):
        services.task_release(task=self.request.activation.task, user=self.request.user)
        messages.success(self.request, _("The task is back in the queue."), fail_silently=True)
        return redirect(self.case_url())
