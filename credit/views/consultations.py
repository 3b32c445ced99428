"""Public consultation on a sector's criteria and exit procedure (征求公众意见, rules part 3(2)1):
the draft is published for comment, residents comment, the bureau answers in a published
summary; a supervisor then adopts it (supervision's policy pages)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from credit.forms import ConsultationOpenForm, ConsultationSummaryForm, PolicyCommentForm
from credit.services.sectors import sector_consultation_check, sector_consultation_may_manage
from intake.errors import errors_apply
from intake.models import PolicyVersion
from intake.policies import (
    SECTOR_CRITERIA,
    consultation_is_open,
    consultations_public,
    policy_comment_add,
    policy_consultation_open,
    policy_consultation_summarise,
)
from intake.views import ratelimited


@require_GET
def consultation_list(request):
    return render(request, "credit/consultations.html", {"versions": consultations_public()[:100]})


@require_http_methods(["GET", "POST"])
def consultation_detail(request, pk: int):
    version = consultations_public().filter(pk=pk).first()
    if version is None:
        raise Http404
    form = PolicyCommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        limit = settings.CONSULTATION_COMMENT_RATE
        if is_ratelimited(request, group="consultation-comment", key="ip", rate=limit, increment=True):
            return ratelimited(request)
        if form.is_valid():
            try:
                policy_comment_add(version=version, **form.cleaned_data)
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                messages.success(request, _("Thank you: your comment was received."))
                return redirect("credit:consultation", pk=version.pk)
        status = 400
    context = {"version": version, "form": form, "is_open": consultation_is_open(version)}
    return render(request, "credit/consultation_detail.html", context, status=status)


def consultation_manage_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    versions = (
        PolicyVersion.objects.filter(
            policy__key=SECTOR_CRITERIA,
            state__in=[PolicyVersion.State.DRAFT, PolicyVersion.State.CONSULTATION],
        )
        .select_related("policy__area")
        .order_by("policy__area__number", "-number")
    )
    mine = [v for v in versions if sector_consultation_may_manage(request.user, v)]
    return render(request, "credit/consultation_manage_list.html", {"versions": mine})


@require_http_methods(["GET", "POST"])
def consultation_manage(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    version = get_object_or_404(PolicyVersion.objects.select_related("policy__area"), pk=pk)
    sector_consultation_check(request.user, version)
    open_form = ConsultationOpenForm(request.POST if request.POST.get("action") == "open" else None)
    summary_form = ConsultationSummaryForm(
        request.POST if request.POST.get("action") == "summarise" else None
    )
    status = 200
    if request.method == "POST":
        form = {"open": open_form, "summarise": summary_form}.get(request.POST.get("action"))
        if form is None:
            status = 400
        elif form.is_valid():
            try:
                if form is open_form:
                    policy_consultation_open(version=version, user=request.user, **form.cleaned_data)
                    messages.success(request, _("The draft is published for comment."))
                else:
                    policy_consultation_summarise(version=version, user=request.user, **form.cleaned_data)
                    messages.success(request, _("The answers to the comments are published."))
                return redirect("credit:consultation_manage", pk=version.pk)
            except ValidationError as exc:
                errors_apply(form, exc)
                status = 400
        else:
            status = 400
    context = {
        "version": version,
        "comments": version.comments.all(),
        "open_form": open_form,
        "summary_form": summary_form,
    }
    return render(request, "credit/consultation_manage.html", context, status=status)
