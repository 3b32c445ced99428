"""Credit's task pages for officers: the list of their credit tasks and one page per step.

Each step's view is also the view of its viewflow node, so a workbench that mounts the flows
(viewflow's FlowViewset) opens the same page; it reads `task_pk` from the URL either way.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from credit import forms
from credit.selectors import credit_task_get, credit_task_list, task_facts, tasks_with_artifacts
from credit.services.identity import enforcement_identity_show
from credit.services.tasks import TaskUnavailable
from intake.errors import errors_apply
from workflow import registry, selectors


def task_list(request):
    """The credit tasks the officer holds or may take (their bureau's queue)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    tasks = list(credit_task_list(user=request.user)[:200])
    facts = task_facts(tasks)  # also attaches each task's row as `artifact_row`
    for task in tasks:
        task.facts = facts.get(task.pk)
    return render(request, "credit/task_list.html", {"tasks": tasks})


class CreditTaskView(View):
    """One step: the facts the officer needs, a form, and the service that finishes the step."""

    form_class = None
    template_name = "credit/task.html"
    facts_template = ""

    def dispatch(self, request, *args, task_pk=None, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        task = credit_task_get(user=request.user, task_id=task_pk)
        if task is None:
            raise Http404
        self.task = tasks_with_artifacts([task])[0]
        self.row = self.task.artifact_row
        return super().dispatch(request, *args, **kwargs)

    def initial(self) -> dict:
        return {}

    def perform(self, data: dict) -> None:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if not in_workbench(request):  # an old link or a notification: open it in the workbench
            return redirect(registry.task_url(self.task))
        return self.render(self.form_class(initial=self.initial()))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(form.cleaned_data)
            except ValidationError as exc:
                errors_apply(form, exc)
            except TaskUnavailable:
                messages.info(request, _("This task was already done."))
                return redirect("case:queue")
            except PermissionDenied:
                raise
            else:
                messages.success(request, _("Done: %(task)s.") % {"task": self.task.flow_task.task_title})
                return redirect("case:queue")
        return self.render(form, status=422)  # one status for a refused form, as the case tasks

    def render(self, form, status=200):
        case = getattr(self.row, "case", None) or getattr(getattr(self.row, "listing", None), "case", None)
        context = {
            "task": self.task,
            "row": self.row,
            "form": form,
            "facts_template": self.facts_template,
            "facts": registry.task_facts([self.task]).get(self.task.pk),
            "case": case
            if case is not None and selectors.case_access(user=self.request.user, case=case)
            else None,
        }
        return render(self.request, self.template_name, context, status=status)


def in_workbench(request) -> bool:
    """Whether the page is served under viewflow's frontend (the workbench: its menu and layout)."""
    return getattr(request.resolver_match, "viewset", None) is not None


class PublishTaskView(CreditTaskView):
    form_class = forms.PublishForm
    facts_template = "credit/facts/publication.html"

    def initial(self):
        return {"summary": self.row.summary}

    def perform(self, data):
        from credit.services.publications import publication_publish  # noqa: PLC0415  they start the flows whose nodes are these views

        publication_publish(publication=self.row, user=self.request.user, summary=data["summary"])


class EnforcementTaskView(CreditTaskView):
    """A measure's bureau needs the listed person's full number: each showing is audited."""

    facts_template = "credit/facts/enforcement.html"

    def render(self, form, status=200):
        self.row.subject_id_number = enforcement_identity_show(user=self.request.user, enforcement=self.row)
        return super().render(form, status=status)


class ConfirmEnforcementTaskView(EnforcementTaskView):
    form_class = forms.ConfirmForm

    def perform(self, data):
        from credit.services.listings import enforcement_confirm  # noqa: PLC0415  they start the flows whose nodes are these views

        enforcement_confirm(
            enforcement=self.row,
            user=self.request.user,
            took_effect=data["took_effect"] == "yes",
            note=data["note"],
        )


class LiftEnforcementTaskView(EnforcementTaskView):
    form_class = forms.LiftForm

    def perform(self, data):
        from credit.services.listings import enforcement_lift_confirm  # noqa: PLC0415  they start the flows whose nodes are these views

        enforcement_lift_confirm(enforcement=self.row, user=self.request.user, note=data["note"])


class RepairReviewTaskView(CreditTaskView):
    form_class = forms.ReviewForm
    facts_template = "credit/facts/repair.html"

    def perform(self, data):
        from credit.services.repair import repair_review  # noqa: PLC0415  they start the flows whose nodes are these views

        repair_review(
            application=self.row,
            user=self.request.user,
            recommend=data["recommend"] == "yes",
            opinion=data["opinion"],
        )


class RepairDecisionTaskView(CreditTaskView):
    form_class = forms.DecisionForm
    facts_template = "credit/facts/repair.html"

    def perform(self, data):
        from credit.services.repair import repair_decide  # noqa: PLC0415  they start the flows whose nodes are these views

        repair_decide(
            application=self.row,
            user=self.request.user,
            approve=data["approve"] == "yes",
            reason=data["reason"],
        )


class RedListDecisionTaskView(CreditTaskView):
    form_class = forms.DecisionForm
    facts_template = "credit/facts/redlist.html"

    def perform(self, data):
        from credit.services.redlist import redlist_decide  # noqa: PLC0415  they start the flows whose nodes are these views

        redlist_decide(
            entry=self.row, user=self.request.user, approve=data["approve"] == "yes", reason=data["reason"]
        )


def task_open(request, task_pk: int):
    """/credit/tasks/<id>/: the page of whichever step the task is."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    task = credit_task_get(user=request.user, task_id=task_pk)
    if task is None:
        raise Http404
    return task.flow_task.view(request, task_pk=task_pk)
