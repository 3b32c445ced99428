"""Supervisors decide a unit's assessment outcome from its figures; the outcomes listed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from intake.errors import errors_apply
from intake.models import Bureau
from supervision.forms import FilterForm
from supervision.models import UnitOutcome
from supervision.selectors.access import scoped_filter, supervision_scope
from supervision.services.outcomes import unit_figures, unit_outcome_decide


class UnitOutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=UnitOutcome.Kind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason, from the figures"), widget=forms.Textarea, max_length=2000
    )
    rectify_by = forms.DateField(label=gettext_lazy("Rectify by"), required=False)
    referred_to = forms.CharField(label=gettext_lazy("Referred to"), max_length=200, required=False)


def _manager(request):
    scope = supervision_scope(request.user)
    if scope is None or not scope.manages:
        raise PermissionDenied
    return scope


@login_required
@require_http_methods(["GET", "POST"])
def unit_outcome_new(request, bureau_id: int):
    scope = _manager(request)
    bureau = get_object_or_404(Bureau, pk=bureau_id)
    filter_form = FilterForm(request.GET)
    if not filter_form.is_valid():
        return render(
            request,
            "supervision/unit_outcome.html",
            {"scope": scope, "bureau": bureau, "filter_form": filter_form},
            status=400,
        )
    figure_filter = scoped_filter(scope, filter_form.figure_filter())
    form = UnitOutcomeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                unit_outcome_decide(
                    user=request.user, bureau=bureau, figure_filter=figure_filter, **form.cleaned_data
                )
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("supervision:unit_outcomes")
        status = 400
    context = {
        "scope": scope,
        "bureau": bureau,
        "figure_filter": figure_filter,
        "row": unit_figures(bureau=bureau, figure_filter=figure_filter),
        "form": form,
        "query": request.GET.urlencode(),
    }
    return render(request, "supervision/unit_outcome.html", context, status=status)


@login_required
@require_GET
def unit_outcomes(request):
    scope = _manager(request)
    outcomes = UnitOutcome.objects.select_related("bureau", "decided_by")[:200]
    return render(request, "supervision/unit_outcomes.html", {"scope": scope, "outcomes": outcomes})
