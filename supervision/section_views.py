"""A unit reads its section of each bulletin and answers in writing; supervisors read the answers."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from intake.errors import errors_apply
from supervision.models import Bulletin, BulletinSection
from supervision.selectors.access import supervision_scope
from supervision.services.sections import bulletin_section_respond, sections_of_unit


class ResponseForm(forms.Form):
    response = forms.CharField(label=gettext_lazy("Written response"), widget=forms.Textarea, max_length=5000)


@login_required
@require_GET
def unit_sections(request):
    sections = sections_of_unit(request.user)[:100]
    return render(request, "supervision/unit_sections.html", {"sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def unit_section(request, pk: int):
    section = sections_of_unit(request.user).filter(pk=pk).first()
    if section is None:
        raise Http404
    form = ResponseForm(request.POST or None, initial={"response": section.response})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                bulletin_section_respond(section=section, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                messages.success(request, _("Your written response is recorded."))
                return redirect("supervision:unit_section", pk=section.pk)
        status = 400
    return render(request, "supervision/unit_section.html", {"section": section, "form": form}, status=status)


@login_required
@require_GET
def bulletin_sections(request, pk: int):
    scope = supervision_scope(request.user)
    if scope is None or not scope.manages:
        raise PermissionDenied
    bulletin = get_object_or_404(Bulletin, pk=pk)
    sections = BulletinSection.objects.filter(bulletin=bulletin).select_related("bureau", "responded_by")
    return render(
        request,
        "supervision/bulletin_sections.html",
        {"scope": scope, "bulletin": bulletin, "sections": sections},
    )
