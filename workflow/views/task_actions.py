"""Taking and releasing a task through our services (which check permissions and send the
task signals) instead of viewflow's stock views and their templates."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow.views.mixins import TaskViewTemplateNames

from workflow import selectors, services
from workflow.services.tasks import case_of, task_due
from workflow.views.case_data import case_context


class TaskActionView(TaskViewTemplateNames, generic.FormView):
    form_class = forms.Form

    def case_url(self):
        case = case_of(self.request.activation)
        return self.request.resolver_match.flow_viewset.reverse("case_detail", args=[case.reference])


class TaskFactsMixin:
    """The task page without its form: the task, its deadline and the case facts."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = case_of(self.request.activation)
        access = selectors.case_access(user=self.request.user, case=case)
        context.update(case_context(case=case, user=self.request.user, access=access, for_task=True))
        context["task_due"] = task_due(self.request.activation.task)
        return context


class AssignTaskView(TaskFactsMixin, TaskActionView):
    """Take an unassigned task and open its form. The queue and the case page post here in one
    click; a GET (an old link) shows the case facts and one button to take the task."""

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
    """Put an assigned task back in the queue of its bureau (the case page posts here)."""

    template_filename = "task_unassign.html"

    def get(self, request, *args, **kwargs):
        return redirect(self.case_url())

    def form_valid(self, form):
        services.task_release(task=self.request.activation.task, user=self.request.user)
        messages.success(self.request, _("The task is back in the queue."), fail_silently=True)
        return redirect(self.case_url())


class DetailTaskView(TaskFactsMixin, TaskViewTemplateNames, generic.TemplateView):
    """A task the user may see but not do (someone else holds it, or it is done)."""

    # Not "task_detail.html": viewflow's stock nodes (timers, routes) would pick that name up.
    template_name = "workflow/case/case_task_detail.html"
