"""The form of each human task. Thin: parse the form, call one service, redirect.

viewflow's task wrapper has locked the process, checked `can_execute` and started the task
(`request.activation`) before these run; the services check again and complete the task.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow.views.mixins import TaskViewTemplateNames

from intake.errors import errors_apply
from workflow import selectors, services
from workflow.process import InvestigateDecision
from workflow.selectors.suggestions import triage_assist
from workflow.services.tasks import case_of, task_due
from workflow.views import forms
from workflow.views.case_data import case_context


class CaseTaskView(TaskViewTemplateNames, generic.FormView):
    """Render the task's form beside the case facts; on submit call `perform`."""

    template_filename = "task.html"
    success_message = _("Done: %(task)s.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case}

    def dispatch(self, request, *args, **kwargs):
        self.case = case_of(request.activation)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = selectors.case_access(user=self.request.user, case=self.case)
        context.update(case_context(case=self.case, user=self.request.user, access=access, for_task=True))
        context["task_due"] = task_due(self.request.activation.task)
        return context

    def perform(self, form) -> str | None:
        """Call the task's service; return a URL to stay on instead of the task being done."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            stay_at = self.perform(form)
        except ValidationError as exc:
            errors_apply(form, exc)
            return self.form_invalid(form)
        if stay_at:
            return redirect(stay_at)
        title = self.request.activation.flow_task.task_title
        messages.success(self.request, self.success_message % {"task": title}, fail_silently=True)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422  # Turbo renders a failed form only with a 4xx status
        return response

    def get_success_url(self):
        self.case.refresh_from_db()  # a return or placement has just moved it to another bureau
        if selectors.case_access(user=self.request.user, case=self.case):
            return self.request.resolver_match.flow_viewset.reverse("case_detail", args=[self.case.reference])
        return self.request.resolver_match.flow_viewset.reverse("inbox")

    def service_kwargs(self, form, *names):
        return {name: form.cleaned_data.get(name) for name in names}

    @property
    def actor(self):
        return {"activation": self.request.activation, "user": self.request.user}


class TriageView(CaseTaskView):
    form_class = forms.TriageForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "triage_assist": triage_assist(case=self.case)}

    def perform(self, form):
        data = form.cleaned_data
        services.case_triage(
            **self.actor,
            action=data["action"],
            area=data["area"],
            bureau=data["bureau"],
            merge_into=data["merge_into"],
            text=data["text"],
        )


class SignView(CaseTaskView):
    form_class = forms.SignForm

    def perform(self, form):
        services.case_sign(**self.actor, **self.service_kwargs(form, "decision", "reason"))


class PlacementView(CaseTaskView):
    form_class = forms.PlacementForm

    def perform(self, form):
        services.case_place(**self.actor, **self.service_kwargs(form, "bureau", "note"))


class InvestigateView(CaseTaskView):
    """Save findings and notes while the task stays open ("_save"), or finish the round."""

    form_class = forms.InvestigateForm
    saved_message = _("Findings saved.")

    def perform(self, form):
        data = form.cleaned_data
        if "_save" in self.request.POST:
            services.case_findings_save(
                **self.actor, findings=data["findings"], evidence_note=data["evidence_note"]
            )
            messages.success(self.request, self.saved_message, fail_silently=True)
            return self.request.get_full_path()
        if not data["next_step"]:
            raise ValidationError({"next_step": [_("Choose the next step.")]})
        services.case_investigate(
            **self.actor,
            next_step=data["next_step"],
            findings=data["findings"],
            evidence_note=data["evidence_note"],
            bureaus=list(data["bureaus"] or []) if data["next_step"] == InvestigateDecision.ASSIST else [],
            question=data["question"],
            working_days=data["working_days"],
            reason=data["reason"],
        )


class AssistView(CaseTaskView):
    form_class = forms.AssistForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assistance_request"] = self.case.assistance_requests.filter(
            pk=self.request.activation.task.data.get("assistance_id")
        ).first()
        return context

    def perform(self, form):
        services.assistance_answer(**self.actor, opinion=form.cleaned_data["opinion"])


class ExtensionReviewView(CaseTaskView):
    form_class = forms.ExtensionReviewForm

    def perform(self, form):
        services.extension_decide(**self.actor, **self.service_kwargs(form, "approved", "note"))


class DecideView(CaseTaskView):
    form_class = forms.DecideForm

    def perform(self, form):
        data = form.cleaned_data
        common = {
            name: data[name] or ""
            for name in (
                "subject_kind",
                "subject_name",
                "subject_credit_code",
                "subject_id_number",
                "summary",
                "legal_basis",
                "decision_number",
            )
        }
        outcomes = [
            services.OutcomeSpec(
                kind=kind,
                **common,
                rectification_due=data["rectification_due"],
                amount=data["amount"],
                decision_date=data["decision_date"],
                measures=list(data["measures"] or []),
                listed_until=data["listed_until"],
            )
            for kind in data["kinds"]
        ]
        services.case_decide(**self.actor, outcomes=outcomes)


class RectificationCheckView(CaseTaskView):
    form_class = forms.RectificationCheckForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rectification"] = services.rectification_next(activation=self.request.activation)
        return context

    def perform(self, form):
        services.rectification_check(
            **self.actor,
            **self.service_kwargs(form, "rectified", "note", "interview_date", "interview_summary"),
        )


class ReferralView(CaseTaskView):
    form_class = forms.ReferralForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referral"] = services.referral_next(activation=self.request.activation)
        return context

    def perform(self, form):
        services.referral_answer(
            **self.actor, **self.service_kwargs(form, "acknowledged", "police_case_number", "note")
        )


class ReplyView(CaseTaskView):
    form_class = forms.ReplyForm

    def perform(self, form):
        services.case_reply(**self.actor, text=form.cleaned_data["text"])


class DisputeReviewView(CaseTaskView):
    form_class = forms.DisputeReviewForm

    def perform(self, form):
        services.dispute_review(**self.actor, **self.service_kwargs(form, "reopen", "note"))
