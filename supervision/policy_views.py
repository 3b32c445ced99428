"""The city's policies for supervisors: what is in force with its source, what is still a
draft, and adopting a draft (a supervisor's decision, audited in PolicyEvent)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from intake.errors import errors_apply
from intake.models import Bureau, PolicyVersion
from intake.policies import ADOPT_PERMISSION, policy_adopt, policy_overview
from supervision.selectors.access import supervision_scope

Source = PolicyVersion.Source


class PolicyAdoptForm(forms.Form):
    source = forms.ChoiceField(
        label=gettext_lazy("Source"),
        choices=[(Source.BUREAU_DECISION, Source.BUREAU_DECISION.label), (Source.RULES, Source.RULES.label)],
    )
    rules_section = forms.CharField(label=gettext_lazy("Section of the rules"), max_length=50, required=False)
    issuing_bureau = forms.ModelChoiceField(
        label=gettext_lazy("Deciding bureau"),
        queryset=Bureau.objects.filter(is_active=True).order_by("code"),
        required=False,
    )
    document_number = forms.CharField(label=gettext_lazy("Document number"), max_length=100, required=False)
    document_date = forms.DateField(label=gettext_lazy("Document date"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea, required=False, max_length=2000)


def _supervisor(request):
    scope = supervision_scope(request.user)
    if scope is None or not scope.manages or not request.user.has_perm(ADOPT_PERMISSION):
        raise PermissionDenied
    return scope


@login_required
@require_GET
def policies(request):
    scope = _supervisor(request)
    return render(request, "supervision/policies.html", {"scope": scope, "policies": policy_overview()})


@login_required
@require_http_methods(["GET", "POST"])
def policy_adopt_view(request, pk: int):
    scope = _supervisor(request)
    version = get_object_or_404(PolicyVersion.objects.select_related("policy__area"), pk=pk)
    form = PolicyAdoptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                policy_adopt(version=version, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                messages.success(request, _("The policy is adopted and in force."))
                return redirect("supervision:policies")
        status = 400
    return render(
        request,
        "supervision/policy_adopt.html",
        {"scope": scope, "version": version, "form": form},
        status=status,
    )
