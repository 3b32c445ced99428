"""Public pages for residents: start, report form, receipt, and following a report by receipt.

The receipt never appears in a URL: it is shown once from the session (encrypted there) and
typed back in a POST. An opened report lives in the session for TRACK_IDLE_SECONDS.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from intake.api.parsers import unreadable_body_message
from intake.crypto import decrypt, encrypt
from intake.evidence import evidence_response
from intake.forms import (
    AddInformationForm,
    RatingForm,
    ReportForm,
    TrackForm,
    answers_from,
    area_questions,
    form_token_new,
    is_form_token,
)
from intake.models import Report, ReportMessage
from intake.network import client_address
from intake.policies import answer_period_days, rating_period_days, review_promise
from intake.selectors import (
    area_list,
    report_accepts_information,
    report_answers,
    report_by_receipt,
    report_can_rate,
    report_own_attachment,
    report_own_attachments,
    report_public_messages,
    report_public_state,
    report_tracked,
)
from intake.services import DuplicateReport, report_message_add, report_rate, report_submit
from intake.sources.open311 import render as open311_render
from project.security import UnreadableInput

DONE_SESSION_KEY = "intake.done"
TRACK_SESSION_KEY = "intake.track"
TRACK_IDLE_SECONDS = 30 * 60


def ratelimited(request, exception=None):
    """settings.RATELIMIT_VIEW: 429 as JSON under /api/, as a page elsewhere."""
    message = gettext("Too many requests from your connection. Please wait a while and try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": {"non_field_errors": [message]}}, status=429)
    return render(request, "intake/ratelimited.html", {"message": message}, status=429)


def bad_request(request, exception=None):
    """handler400: a request Django could not read (a broken multipart body, a bad Host, a
    NUL character in a parameter) gets a message in the caller's language and in the format
    of the endpoint it called."""

    if isinstance(exception, UnreadableInput):
        message, field = exception.message, exception.field
    else:
        message, field = unreadable_body_message(), "non_field_errors"
    if request.path.startswith("/open311/"):
        # GeoReport errors name their parameter as "name: problem", as the endpoints' own do.
        described = message if field == "non_field_errors" else f"{field}: {message}"
        return open311_render.errors("xml" if request.path.endswith(".xml") else "json", 400, described)
    if request.path.startswith(("/api/", "/inbound/")):
        return JsonResponse({"errors": {field: [message]}}, status=400)
    return render(request, "intake/bad_request.html", {"message": message}, status=400)


def _over_limit(request, *, group: str, rate: str) -> bool:
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


@require_GET
def start(request):
    return render(request, "intake/start.html", {"areas": area_list()})


@never_cache
@require_http_methods(["GET", "POST"])
def report_form(request):
    areas = list(area_list())
    codes = {area.code for area in areas}
    if request.method == "GET" or "show_questions" in request.POST:
        # Showing the form, or (without JavaScript) the questions of the area just chosen.
        source = request.GET if request.method == "GET" else request.POST
        area = source.get("area", "") if source.get("area", "") in codes else ""
        initial = {name: source.get(name) for name in ReportForm.base_fields if name in source}
        form = ReportForm(initial={**initial, "area": area}, areas=areas)
        data = request.POST if request.method == "POST" else {}
        return _report_form_render(request, form, areas, selected=area, data=data)

    if _over_limit(request, group="intake.report", rate=settings.INTAKE_SUBMIT_RATE):
        return ratelimited(request)
    form = ReportForm(request.POST, request.FILES, areas=areas)
    answer_errors: dict[str, list[str]] = {}
    if form.is_valid():
        draft = form.report_draft(
            answers_from(form.cleaned_data["area"], request.POST),
            client_ip=client_address(request),
            language=get_language(),
        )
        try:
            submission = report_submit(draft)
        except DuplicateReport:
            # A double click: the first request holds the receipt; the session is left alone.
            return redirect("intake:report_done")
        except ValidationError as exc:
            answer_errors = form.add_service_errors(exc)
        else:
            request.session[DONE_SESSION_KEY] = {
                "reference": submission.report.reference,
                "receipt": encrypt(submission.receipt),
            }
            return redirect("intake:report_done")
    _files_not_kept(form, request)
    selected = request.POST.get("area", "") if request.POST.get("area", "") in codes else ""
    return _report_form_render(
        request, form, areas, selected=selected, data=request.POST, errors=answer_errors, status=400
    )


def _files_not_kept(form, request) -> None:
    """A form sent back with errors cannot give the browser its chosen files again: say so at
    the file field (and so in the error summary), so nobody sends a report without them."""
    if request.FILES.getlist("attachments"):
        form.add_error("attachments", gettext("The files you chose were not kept: please choose them again."))


def _report_form_render(request, form, areas, *, selected, data, errors=None, status=200):
    posted = data.get("token", "") if data else ""
    groups = area_questions(areas, selected=selected, data=data, errors=errors)
    context = {
        "form": form,
        "question_groups": groups,
        "answer_errors": any(group.errors or any(i.errors for i in group.inputs) for group in groups),
        "token": posted if is_form_token(posted) else form_token_new(),
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "intake/report_form.html", context, status=status)


@never_cache
@require_GET
def report_done(request):
    done = request.session.get(DONE_SESSION_KEY)
    receipt = None
    if done and "receipt" in done:
        receipt = decrypt(done["receipt"])
        request.session[DONE_SESSION_KEY] = {"reference": done["reference"]}
    context = {
        "reference": done["reference"] if done else None,
        "receipt": receipt,
        # The review promise once the city adopted one: a draft is never shown.
        "promise": review_promise(),
    }
    if receipt:
        context["receipt_groups"] = receipt.split("-")
        context["receipt_file"] = render_to_string(
            "intake/receipt.txt",
            {
                **context,
                "filed_on": timezone.localtime(),
                "track_url": request.build_absolute_uri(reverse("intake:track")),
            },
        )
    return render(request, "intake/report_done.html", context)


def _track_entry(request) -> dict | None:
    """The track session if it is still fresh; an idle one is forgotten."""
    entry = request.session.get(TRACK_SESSION_KEY)
    if not entry:
        return None
    if time.time() - entry.get("seen_at", 0) > TRACK_IDLE_SECONDS:
        del request.session[TRACK_SESSION_KEY]
        return None
    return entry


def _tracked_report(request) -> Report | None:
    entry = _track_entry(request)
    if entry is None:
        return None
    request.session[TRACK_SESSION_KEY] = {**entry, "seen_at": time.time()}
    return report_tracked(entry["report_id"])


def _track_form_render(request, *, not_found=False, status=200):
    context = {"form": TrackForm(), "not_found": not_found}
    return render(request, "intake/track_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "POST":
        if _over_limit(request, group="intake.track", rate=settings.INTAKE_TRACK_RATE):
            return ratelimited(request)
        report = report_by_receipt(request.POST.get("receipt", "")[:100])
        if report is None:
            return _track_form_render(request, not_found=True, status=404)
        request.session.cycle_key()
        request.session[TRACK_SESSION_KEY] = {"report_id": report.pk, "seen_at": time.time()}
        return redirect("intake:track")
    report = _tracked_report(request)
    if report is None:
        return _track_form_render(request)
    return _track_render(request, report, AddInformationForm())


def _track_render(request, report: Report, add_form, status=200, rating_form=None):
    public_messages = list(report_public_messages(report))
    context = {
        "report": report,
        "followed": report.followed,
        "state": report_public_state(report),
        "answers": report_answers(report),
        "can_add": report_accepts_information(report),
        "public_messages": public_messages,
        "open_question": _open_question(public_messages),
        "attachments": list(report_own_attachments(report)),
        "add_form": add_form,
        "rating_form": rating_form if rating_form is not None else RatingForm(),
        "can_rate": report_can_rate(report),
        # Announced only once the city adopted a period: a draft is never shown.
        "rating_days": rating_period_days(area=report.followed.area),
        "answer_days": answer_period_days(area=report.followed.area),
        "idle_minutes": TRACK_IDLE_SECONDS // 60,
    }
    return render(request, "intake/track.html", context, status=status)


def _open_question(public_messages: list[ReportMessage]) -> ReportMessage | None:
    """The last question to the reporter that no information from them has followed."""
    question = None
    for message in public_messages:
        if message.kind == ReportMessage.Kind.QUESTION:
            question = message
        elif message.kind == ReportMessage.Kind.REPORTER_INFO:
            question = None
    return question


@never_cache
@require_POST
def track_add(request):
    report = _tracked_report(request)
    if report is None:
        messages.warning(request, _track_closed_message())
        return redirect("intake:track")
    if _over_limit(request, group="intake.track_add", rate=settings.INTAKE_SUBMIT_RATE):
        return ratelimited(request)
    form = AddInformationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report_message_add(
                report=report,
                text=form.cleaned_data["text"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, gettext("Thank you. Your information was added to your report."))
            return redirect("intake:track")
    _files_not_kept(form, request)
    return _track_render(request, report, form, status=400)


def _track_closed_message() -> str:
    return gettext(
        "For your privacy an opened report is closed after %(n)d minutes without activity. "
        "Please enter your receipt again."
    ) % {"n": TRACK_IDLE_SECONDS // 60}


@never_cache
@require_POST
def track_rate(request):
    report = _tracked_report(request)
    if report is None:
        messages.warning(request, _track_closed_message())
        return redirect("intake:track")
    if _over_limit(request, group="intake.track_add", rate=settings.INTAKE_SUBMIT_RATE):
        return ratelimited(request)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            report_rate(
                report=report, rating=form.cleaned_data["rating"], dispute=form.cleaned_data["dispute"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, gettext("Thank you for your rating."))
            return redirect("intake:track")
    return _track_render(request, report, AddInformationForm(), status=400, rating_form=form)


@never_cache
@require_POST
def track_close(request):
    request.session.pop(TRACK_SESSION_KEY, None)
    messages.info(request, gettext("Your report is closed on this device."))
    return redirect("intake:track")


@never_cache
@require_GET
def track_attachment(request, attachment_id: int, thumbnail: bool = False):
    """Evidence of the report opened in this session, and nothing else."""
    entry = _track_entry(request)
    if entry is None:
        raise Http404
    attachment = report_own_attachment(report_id=entry["report_id"], attachment_id=attachment_id)
    stored = None if attachment is None else (attachment.thumbnail if thumbnail else attachment.file)
    if not stored:
        raise Http404
    if thumbnail:
        content_type, extension = "image/jpeg", "jpg"
    else:
        content_type, extension = attachment.content_type, stored.name.rsplit(".", 1)[-1]
    try:
        return evidence_response(
            stored,
            content_type=content_type,
            filename=f"evidence-{attachment.pk}.{extension}",
            inline=attachment.is_image,
        )
    except OSError:
        raise Http404 from None
