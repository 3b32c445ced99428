"""/inbound/sms/: the SMS gateway's webhook.

The gateway POSTs JSON or a form with `sender`, `text`, `message_id` and `time`, signed
with SMS_WEBHOOK_SECRET: `X-Timestamp` holds Unix seconds and `X-Signature` the hex
HMAC-SHA256 of "<timestamp>.<raw body>". Stale timestamps (over 5 minutes) and bad
signatures get 401, a message id seen before gets 409; nothing is stored for any of them.
A text starting with an area number or keyword names the area; "CX <receipt>" asks for a
status. The reply goes back through `reply_requested` and is also in the response.
"""

import datetime
import hashlib
import hmac
import json
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from intake.models import Report, SmsMessage
from intake.selectors import area_list, report_by_receipt
from intake.services import DuplicateReport, ReportDraft, ReporterDraft
from intake.sources.common import (
    area_from_text,
    filed_text,
    language_of,
    reply_send,
    report_status_text,
    report_submit_from_message,
    validation_text,
)
from intake.triage.selectors import confident_area

logger = logging.getLogger(__name__)

MAX_SKEW_SECONDS = 300
_STATUS = re.compile(r"^\s*(?:CX|查询)\s*[:：]?\s*(?P<receipt>[0-9A-Za-z\- ]*)$", re.IGNORECASE)
_SENDER = re.compile(r"^\+?\d{3,20}$")


class SmsReplay(Exception):
    """This gateway message id was received before."""


@dataclass(frozen=True)
class SmsResult:
    reply: str
    reference: str = ""
    report_id: int | None = None


def sms_message_receive(*, message_id: str, sender: str, text: str) -> SmsResult:
    """Handle one text message exactly once: a status query or a new report.

    Raises SmsReplay for a message id received before. The reply is queued to the sender
    through `reply_requested` after commit (unless the gateway replies itself).
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                SmsMessage.objects.create(message_id=message_id)
        except IntegrityError:
            raise SmsReplay(message_id) from None
        with translation.override(language_of(text)):
            result = _respond(message_id=message_id, sender=sender, text=text)
        if not settings.SMS_DIRECT_REPLY:
            reply_send(channel="sms", address=sender, text=result.reply, report_id=result.report_id)
    return result


def _respond(*, message_id: str, sender: str, text: str) -> SmsResult:
    status = _STATUS.match(text)
    if status:
        receipt = status.group("receipt").strip()
        if not receipt:
            return SmsResult(_("Send CX followed by your receipt to see the status of a report."))
        return SmsResult(report_status_text(report_by_receipt(receipt)))
    area, rest = area_from_text(text, list(area_list()))
    # No area word: the area question is pre-answered with the area the text sounds like, and
    # the reply says so (the complaint centre confirms or corrects it in triage).
    suggested = None if area else confident_area(text)
    try:
        filed = report_submit_from_message(
            ReportDraft(
                source=Report.Source.SMS,
                area=area or suggested,
                description=rest if area else text,
                reporter=ReporterDraft(anonymous=True, phone=sender, language=language_of(text)),
                external_id=message_id,
            )
        )
    except DuplicateReport as duplicate:
        return SmsResult(
            _("This message was already filed as %(reference)s.") % {"reference": duplicate.report.reference},
            duplicate.report.reference,
            duplicate.report.pk,
        )
    except ValidationError as exc:
        return SmsResult(validation_text(exc) + " " + _("Nothing was filed; please send your report again."))
    logger.info("sms report filed", extra={"report_id": filed.submission.report.pk})
    report = filed.submission.report
    area_note = (
        " "
        + _("It sounds like %(area)s and was filed under that area; the complaint centre will check it.")
        % {"area": suggested.label}
        if suggested
        else ""
    )
    return SmsResult(
        filed_text(filed) + area_note + " " + _("Send CX and your receipt to see its status."),
        report.reference,
        report.pk,
    )


def _error(status: int, field: str, message: str) -> JsonResponse:
    return JsonResponse({"errors": {field: [str(message)]}}, status=status)


def signature_valid(*, secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature.strip().lower())


@csrf_exempt
@require_POST
def sms_inbound(request):
    secret = settings.SMS_WEBHOOK_SECRET
    if not secret:
        return _error(503, "non_field_errors", _("The SMS webhook is not configured."))
    timestamp = request.headers.get("X-Timestamp", "")
    signature = request.headers.get("X-Signature", "")
    if not timestamp or not signature:
        return _error(401, "signature", _("X-Timestamp and X-Signature headers are required."))
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
        return _error(401, "timestamp", _("The timestamp is missing, malformed or more than 5 minutes off."))
    body = request.body
    if not signature_valid(secret=secret, timestamp=timestamp, body=body, signature=signature):
        return _error(401, "signature", _("The signature does not match the body."))
    fields, errors = _fields(request, body)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    try:
        result = sms_message_receive(**fields)
    except SmsReplay:
        return _error(409, "message_id", _("This message id was already received."))
    return JsonResponse({"reply": result.reply, "reference": result.reference or None})


def _fields(request, body: bytes) -> tuple[dict, dict]:
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return {}, {"non_field_errors": [_("The body is not valid JSON.")]}
        if not isinstance(data, dict):
            return {}, {"non_field_errors": [_("The body must be a JSON object.")]}
    else:
        data = request.POST
    errors: dict[str, list[str]] = {}
    values = {name: data.get(name) for name in ("sender", "text", "message_id", "time")}
    for name in ("sender", "text", "message_id"):
        if values[name] is None or not str(values[name]).strip():
            errors.setdefault(name, []).append(_("This field is required."))
    sender = re.sub(r"[\s()-]", "", str(values["sender"] or ""))
    if values["sender"] and not _SENDER.match(sender):
        errors.setdefault("sender", []).append(_("The sender must be a phone number."))
    message_id = str(values["message_id"] or "").strip()
    if len(message_id) > 200:
        errors.setdefault("message_id", []).append(_("The message id is limited to 200 characters."))
    if values["time"] and _sent_at(values["time"]) is None:
        errors.setdefault("time", []).append(_("The time must be Unix seconds or an ISO 8601 date and time."))
    if not isinstance(values["text"], (str, type(None))):
        errors.setdefault("text", []).append(_("The text must be a string."))
    if errors:
        return {}, errors
    return {"message_id": message_id, "sender": sender, "text": values["text"].strip()}, {}


def _sent_at(value) -> datetime.datetime | None:
    text = str(value).strip()
    if text.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(text), tz=datetime.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        parsed = parse_datetime(text)
    except ValueError:
        return None
    return parsed
