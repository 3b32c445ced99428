"""What every source adapter shares: area keywords, status texts, replies after commit."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intake import signals
from intake.crypto import encrypt
from intake.models import Area, Report, ReportMessage
from intake.services import Submission, report_submit

# Words a resident may start a text message or e-mail subject with to name the area.
# Short, common words first; the area's own Chinese name and code also match.
AREA_KEYWORDS: dict[str, list[str]] = {
    "telecom_fraud": ["电信诈骗", "网络诈骗", "诈骗"],
    "online_rumours": ["谣言", "造谣", "虚假信息"],
    "fraud_blacklist_controls": ["七个一律", "重点人员"],
    "financial": ["非法集资", "集资", "金融"],
    "environment": ["环保", "污染", "排污"],
    "poverty_relief": ["扶贫", "脱贫"],
    "illegal_medical": ["无证行医", "非法行医", "行医", "医疗"],
    "fake_drugs": ["假药", "药品"],
    "wage_arrears": ["欠薪", "拖欠工资", "工资"],
    "low_price_tours": ["低价游", "旅游", "强制购物"],
    "tax_fake_invoices": ["假发票", "发票", "偷税", "逃税", "骗税"],
    "judgment_default": ["老赖", "拒不执行", "判决"],
    "transport": ["交通", "超载", "网约车", "黑车"],
    "insurance_fraud": ["骗保", "保险"],
    "illegal_social_orgs": ["非法社会组织", "社会组织"],
    "charity_fraud": ["慈善", "捐款", "捐助"],
    "performance_tickets": ["炒票", "黄牛", "演出", "门票"],
    "illegal_lottery": ["非法彩票", "彩票", "赌博"],
}

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
        words = [area.name, area.code, *AREA_KEYWORDS.get(area.code, [])]
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


def report_submit_from_message(*, area: Area | None, description: str, **values) -> Filed:
    """File a one-shot message (SMS, e-mail). It cannot answer the area's questions, so they
    are not required: the bureau asks the reporter later through the receipt."""
    return Filed(report_submit(area=area, description=description, answers_required=False, **values))


def filed_text(filed: Filed) -> str:
    """The acknowledgement with receipt and reference, in the active language."""
    report = filed.submission.report
    return _(
        "Your report was received. Reference: %(reference)s. Receipt: %(receipt)s. "
        "Keep the receipt: it is shown only this once and lets you follow the report."
    ) % {"reference": report.reference, "receipt": filed.submission.receipt}


def report_status_text(report: Report | None) -> str:
    """What a receipt holder is told: the followed report's status and latest public note."""
    if report is None:
        return _("No report was found for this receipt. Please check it and try again.")
    followed = report.followed
    text = _("Report %(reference)s: %(status)s.") % {
        "reference": followed.reference,
        "status": followed.get_status_display(),
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
