"""A bureau officer proposes a red-list entry; the credit office decides in its task."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from credit.forms import RedListProposeForm
from credit.services.redlist import redlist_propose
from intake.errors import errors_apply


def propose(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = RedListProposeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                redlist_propose(
                    user=request.user,
                    subject_kind=data["subject_kind"],
                    name=data["name"],
                    credit_code=data["credit_code"],
                    id_number=data["id_number"],
                    area=data["area"],
                    reason=data["reason"],
                    incentives=list(data["incentives"]),
                    valid_until=data["valid_until"],
                )
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                messages.success(request, _("The proposal was sent to the credit office."))
                return redirect("credit:task_list")
        return render(request, "credit/redlist_propose.html", {"form": form}, status=400)
    return render(request, "credit/redlist_propose.html", {"form": form})
