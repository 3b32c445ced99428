"""Credit repair for the public (no login), and the evidence for the officers who review it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from credit import selectors
from credit.forms import ReceiptForm, RepairApplyForm
from credit.models import Publication
from credit.services.repair import repair_apply, repair_refusal_reason
from intake import crypto
from intake.errors import errors_apply
from intake.evidence import evidence_response

SESSION_KEY = "credit_repair_receipt"


@ratelimit(key="ip", rate=lambda group, request: settings.INTAKE_SUBMIT_RATE, method="POST", block=True)
def apply(request, pk: int):
    """Apply for credit repair of a published blacklist listing, with evidence."""
    publication = selectors.public_publication_get(pk=pk)
    if publication is None or publication.kind != Publication.Kind.BLACKLIST:
        raise Http404
    listing = publication.listing
    refusal = repair_refusal_reason(listing)
    form = RepairApplyForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if refusal is None and form.is_valid():
            data = form.cleaned_data
            try:
                submission = repair_apply(
                    listing=listing,
                    subject_identifier=data["subject_identifier"],
                    applicant_role=data["applicant_role"],
                    applicant_name=data["applicant_name"],
                    applicant_phone=data["applicant_phone"],
                    corrections=data["corrections"],
                    statement=data["statement"],
                    evidence=data["evidence"],
                )
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                request.session[SESSION_KEY] = {
                    "reference": submission.application.reference,
                    "receipt": crypto.encrypt(submission.receipt),
                }
                return redirect("credit:repair_done")
    context = {"publication": publication, "form": form, "refusal": refusal}
    return render(request, "credit/repair_apply.html", context, status=status)


def done(request):
    """The reference and, once only, the receipt of the application just filed."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return redirect("credit:index")
    receipt = crypto.decrypt(stored["receipt"]) if stored.get("receipt") else ""
    if receipt:
        request.session[SESSION_KEY] = {"reference": stored["reference"], "receipt": ""}
    return render(request, "credit/repair_done.html", {"reference": stored["reference"], "receipt": receipt})


@ratelimit(key="ip", rate=lambda group, request: settings.INTAKE_TRACK_RATE, method="POST", block=True)
def status(request):
    """The state of an application, for the holder of its receipt (POST: never in a URL)."""
    form = ReceiptForm(request.POST or None)
    application = None
    code = 200
    if request.method == "POST":
        application = selectors.repair_by_receipt(form.data.get("receipt", "")) if form.is_valid() else None
        if application is None:
            form.add_error(None, _("No application matches this receipt. Check it and try again."))
            code = 404
    return render(
        request, "credit/repair_status.html", {"form": form, "application": application}, status=code
    )


def evidence(request, pk: int):
    """An evidence file, for an officer of the reviewing bureau or the credit office only."""
    item = selectors.repair_evidence_get(user=request.user, evidence_id=pk)
    if item is None:
        raise Http404
    extension = item.file.name.rsplit(".", 1)[-1]
    return evidence_response(
        item.file,
        content_type=item.content_type,
        filename=f"evidence-{item.pk}.{extension}",
        inline=item.content_type.startswith("image/"),
    )
