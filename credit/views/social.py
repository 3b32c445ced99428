"""Area 15: the public list of banned illegal social organisations and warnings, and the page
where the lead unit publishes a warning."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from credit import selectors
from credit.forms import WarningForm
from credit.services.warnings import warning_may_publish, warning_publish
from intake.errors import errors_apply

LIMIT = 200


@require_GET
def social_organisations(request):
    banned, warnings = selectors.social_organisations_public()
    return render(
        request,
        "credit/social_organisations.html",
        {
            "banned": banned[:LIMIT],
            "warnings": warnings[:LIMIT],
            "may_warn": warning_may_publish(request.user),
        },
    )


def warning_new(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not warning_may_publish(request.user):
        raise PermissionDenied
    form = WarningForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                warning_publish(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                messages.success(request, _("The warning is published."))
                return redirect("credit:social_organisations")
        return render(request, "credit/warning_new.html", {"form": form}, status=400)
    return render(request, "credit/warning_new.html", {"form": form})
