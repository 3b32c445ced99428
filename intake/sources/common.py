"""What every source adapter shares: area keywords, status texts, replies after commit."""

import re
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intake import signals
from intake.crypto import encrypt
from intake.models import Area, Report, ReportMessage
from intake.policies import with_review_promise
from intake.selectors import report_public_state
from intake.services import ReportDraft, Submission, report_submit

_NUMBER_PREFIX = re.compile(r"^\s*#?(\d{1,2})(?:[\s#.,，。、:：;；]+|$)")
_SEPARATORS = " \t\r\n#.,，。、:：;；-—"


def area_from_text(text: str, areas: list[Area]) -> tuple[Area | None, str]:
    """The area a message names at its start (number, keyword, name or code), and the rest.

    Number 0, or nothing recognised, means "don't know": (None, text unchanged).
    """
    text = (text or "").strip()
    match = _NUMBER_PREFIX.match(text)
    if match:
        number = int(match.group(1))
        for area in areas:
            if area.number == number:
                return area, text[match.end() :].strip()
        if number == 0:
            return None, text[match.end() :].strip()
        return None, text
    lowered = text.lower()
    candidates: list[tuple[str, Area]] = []
    for area in areas:
        words = [area.name, area.code, *area.keyword_list]
        candidates.extend((word.lower(), area) for word in words if word)
    # The longest word wins, so 拖欠工资 beats 工资 and 非法彩票 beats 彩票.
    for word, area in sorted(candidates, key=lambda item: -len(item[0])):
        if lowered.startswith(word):
            return area, text[len(word) :].lstrip(_SEPARATORS)
    return None, text


@dataclass(frozen=True)
class Filed:
    submission: Submission


_CJK = re.compile(r"[\u3400-\u9fff]")


def language_of(text: str) -> str:
    """The language to answer a one-shot message in: Chinese unless it has no Chinese at all."""
    return "zh-hans" if _CJK.search(text or "") or not (text or "").strip() else "en"


def report_submit_from_message(draft: ReportDraft) -> Filed:
    """File a one-shot message (SMS, e-mail). It cannot answer the area's questions, so they
    are not required: the bureau asks the reporter later through the receipt."""
    return Filed(report_submit(replace(draft, answers_required=False)))


def filed_text(filed: Filed) -> str:
    """The acknowledgement with receipt and reference, in the active language, and the review
    promise once the city adopted one."""
    report = filed.submission.report
    return with_review_promise(
        _(
            "Your report was received. Reference: %(reference)s. Receipt: %(receipt)s. "
            "Keep the receipt: it is shown only this once and lets you follow the report."
        )
        % {"reference": report.reference, "receipt": filed.submission.receipt}
    )


def report_status_text(report: Report | None) -> str:
    """What a receipt holder is told: the followed report's status and latest public note."""
    if report is None:
        return _("No report was found for this receipt. Please check it and try again.")
    followed = report.followed
    text = _("Report %(reference)s: %(status)s.") % {
        "reference": followed.reference,
        "status": report_public_state(report).label,
    }
    note = (
        ReportMessage.objects.filter(report=followed, kind=ReportMessage.Kind.PUBLIC_UPDATE)
        .order_by("-created_at", "-pk")
        .values_list("text", flat=True)
        .first()
    )
    if note:
        text += " " + note
    return text


def validation_text(exc: ValidationError) -> str:
    return " ".join(dict.fromkeys(exc.messages))


def reply_send(*, channel: str, address: str, text: str, report_id: int | None = None) -> None:
    """Ask the notifications app to send `text` back after commit; the address leaves encrypted."""
    address_encrypted = encrypt(address)
    transaction.on_commit(
        lambda: signals.reply_requested.send(
            sender=Report,
            channel=channel,
            address_encrypted=address_encrypted,
            text=text,
            report_id=report_id,
        )
    )
