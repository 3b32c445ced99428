"""The case page and what hangs off it: evidence files, the reporter's identity (audited),
reassigning a task. Every lookup goes through the selectors; what a user may not see is 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.cache import never_cache
from viewflow.workflow.models import Task

from intake.errors import error_messages, errors_apply
from intake.evidence import evidence_response
from workflow import process, registry, selectors, services
from workflow.models import Case, Officer
from workflow.permissions import bureau_of_permission, bureau_permission
from workflow.services.tasks import task_due
from workflow.views.case_data import case_context
from workflow.views.forms import ReassignForm


class WorkbenchView(generic.View):
    viewset = None
    flow_class = None

    def reverse(self, name, *args):
        return self.request.resolver_match.flow_viewset.reverse(name, args=list(args))


class CaseAccessMixin(WorkbenchView):
    """Look the case up through the selector; no access is 404 (nothing says it exists)."""

    def case_and_access(self):
        found = selectors.case_with_access(user=self.request.user, reference=self.kwargs["reference"])
        if found is None:
            raise Http404
        return found


def task_actions(*, task, user, viewset) -> dict:
    """What `user` can do with an open task of the case page."""
    flow_task = task.flow_task
    activation = flow_task.activation_class(task)
    bureau_id = bureau_of_permission(task.owner_permission)
    is_head = bureau_id is not None and user.has_perm(bureau_permission(bureau_id, "head"))
    return {
        "task": task,
        "due": task_due(task),
        "execute_url": flow_task.reverse("execute", args=[task.process_id, task.pk])
        if task.owner_id and flow_task.can_execute(user, task)
        else None,
        "take_url": flow_task.reverse("assign", args=[task.process_id, task.pk])
        if activation.assign.can_proceed() and flow_task.can_assign(user, task)
        else None,
        "release_url": flow_task.reverse("unassign", args=[task.process_id, task.pk])
        if task.owner_id == user.pk
        else None,
        "reassign_url": viewset.reverse("task_reassign", args=[task.pk]) if is_head else None,
        "officers": Officer.objects.filter(bureau_id=bureau_id).select_related("user") if is_head else [],
    }


class CaseDetailView(CaseAccessMixin, generic.TemplateView):
    """The case page: report, answers, evidence, opinions, outcomes, history, next actions."""

    template_name = "workflow/case/case_detail.html"

    def get_context_data(self, **kwargs):
        case, access = self.case_and_access()
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(case_context(case=case, user=user, access=access))
        context["case_panels"] = registry.case_panels()  # higher apps' panels (credit history)
        viewset = self.request.resolver_match.flow_viewset
        context["open_tasks"] = [
            task_actions(task=task, user=user, viewset=viewset)
            for task in selectors.case_open_tasks(case=case, user=user, access=access)
        ]
        if access == selectors.Access.FULL and case.process_id:
            from workflow.flows import CaseFlow  # noqa: PLC0415  the flow's nodes are these views
            from workflow.views.chart import flow_chart_svg  # noqa: PLC0415  (same)

            context["flow_chart"] = flow_chart_svg(
                CaseFlow, process_id=case.process_id, title=_("Where the case is in the flow")
            )
        return context


class AttachmentView(CaseAccessMixin):
    """Stream one evidence file (or its thumbnail) of a case the user may see."""

    def get(self, request, reference, pk):
        case, _access = self.case_and_access()
        attachment = selectors.case_attachments(case=case).filter(pk=pk).first()
        if attachment is None:
            raise Http404
        thumbnail = "thumbnail" in request.GET and attachment.thumbnail
        stored = attachment.thumbnail if thumbnail else attachment.file
        return evidence_response(
            stored,
            content_type="image/jpeg" if thumbnail else attachment.content_type,
            filename=f"evidence-{attachment.pk}.{stored.name.rsplit('.', 1)[-1]}",
            inline=bool(thumbnail or attachment.is_image),
        )


class IdentityRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to know who filed the report?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@method_decorator(never_cache, name="dispatch")
class ReporterIdentityView(WorkbenchView, generic.TemplateView):
    """Who filed the report: shown while the custodian's release to this officer is open
    (each showing audited); otherwise the form to ask for it, with a reason."""

    template_name = "workflow/case/reporter_identity.html"

    def case(self) -> Case:
        case = selectors.case_get(user=self.request.user, reference=self.kwargs["reference"])
        if case is None:
            raise Http404
        if not selectors.reporter_identity_allowed(user=self.request.user, case=case):
            raise PermissionDenied(_("You may not see who filed this report."))
        return case

    def get_context_data(self, form=None, **kwargs):
        case = self.case()
        user = self.request.user
        context = {**super().get_context_data(**kwargs), "case": case, "identity": None}
        if selectors.identity_release_open(user=user, case=case) is not None:
            identity = services.reporter_identity_show(user=user, case=case)
            labels = {field.name: field.verbose_name for field in case.report._meta.fields}
            context["identity"] = [(labels[name], value) for name, value in identity.items()]
        context["form"] = form or IdentityRequestForm()
        context["releases"] = selectors.identity_releases_of(user=user, case=case)
        return context

    def post(self, request, *args, **kwargs):
        case = self.case()
        form = IdentityRequestForm(request.POST)
        if form.is_valid():
            try:
                services.identity_release_request(
                    user=request.user, case=case, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                messages.success(
                    request, _("Your request is with the identity custodian."), fail_silently=True
                )
                return redirect(self.reverse("reporter_identity", case.reference))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TaskReassignView(WorkbenchView):
    """A bureau head gives an open task to another officer of the bureau."""

    http_method_names = ["post"]

    def post(self, request, task_pk):
        task = Task.objects.filter(pk=task_pk, process__flow_class=process.FLOW_REF).first()
        case = Case.objects.filter(process_id=task.process_id).first() if task else None
        if case is None or not selectors.task_visible(user=request.user, task=task):
            raise Http404
        bureau_id = bureau_of_permission(task.owner_permission)
        officers = get_user_model().objects.filter(officer__bureau_id=bureau_id, is_active=True)
        form = ReassignForm(request.POST, officers=officers)
        if not form.is_valid():
            messages.error(request, _("Choose an officer of the bureau."), fail_silently=True)
        else:
            try:
                services.task_reassign(task=task, user=request.user, assignee=form.cleaned_data["assignee"])
            except PermissionDenied:
                raise
            except ValidationError as exc:
                for errors in error_messages(exc).values():
                    for error in errors:
                        messages.error(request, error, fail_silently=True)
            else:
                messages.success(request, _("The task was reassigned."), fail_silently=True)
        return redirect(self.reverse("case_detail", case.reference))


class ProcessRedirectView(WorkbenchView):
    """viewflow links to a process by its id: show the case page instead (if visible)."""

    def get(self, request, process_pk):
        case = selectors.case_list(user=request.user).filter(process_id=process_pk).first()
        if case is None:
            found = Case.objects.filter(process_id=process_pk).first()
            if found is None or not selectors.case_access(user=request.user, case=found):
                raise Http404
            case = found
        return redirect(self.reverse("case_detail", case.reference))


class RegisteredTaskView(WorkbenchView):
    """A task of a flow a higher app registered (credit), opened inside the workbench: the
    view of its node answers, and decides who may see and do it (404 for anyone else)."""

    def dispatch(self, request, task_pk):
        flows = [registered.flow_class for registered in registry.registered_task_flows()]
        task = Task.objects.filter(pk=task_pk, process__flow_class__in=flows, flow_task_type="HUMAN").first()
        if task is None:
            raise Http404
        return task.flow_task.view(request, task_pk=task_pk)
