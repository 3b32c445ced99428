"""The identity custodian's queue and the supervisors' identity audit."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.cache import never_cache

from intake.errors import errors_apply
from workflow import selectors, services

PAGE_SIZE = 50


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the officer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@method_decorator([never_cache, login_required], name="dispatch")
class CustodianQueueView(generic.View):
    """Requests waiting for a decision; a custodian approves or refuses each."""

    template_name = "workflow/identity/queue.html"

    def dispatch(self, request, *args, **kwargs):
        if not selectors.identity_custodian(request.user):
            raise PermissionDenied(_("Only an identity custodian decides these requests."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._render()

    def post(self, request, pk: int):
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.identity_release_decide(
                    user=request.user,
                    release_id=pk,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                messages.success(request, _("Decision recorded."), fail_silently=True)
                return redirect("identity-requests")
        return self._render(form=form, status=400)

    def _render(self, form=None, status=200):
        page = Paginator(selectors.identity_releases_waiting(), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        context = {"page": page, "form": form or DecisionForm()}
        return render(self.request, self.template_name, context, status=status)


@method_decorator([never_cache, login_required], name="dispatch")
class IdentityAuditView(generic.View):
    """Every request, decision and showing of a reporter's identity, for supervisors."""

    template_name = "workflow/identity/audit.html"

    def get(self, request):
        if not selectors.identity_auditor(request.user):
            raise PermissionDenied(_("Only supervisors read the identity audit."))
        releases = Paginator(selectors.identity_releases_audit(), PAGE_SIZE).get_page(request.GET.get("page"))
        accesses = selectors.identity_accesses_audit()[:PAGE_SIZE]
        return render(request, self.template_name, {"releases": releases, "accesses": accesses})
