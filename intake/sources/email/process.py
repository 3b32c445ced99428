"""Turning one fetched e-mail into a report (or a clear answer), exactly once."""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from intake.crypto import keyed_hash
from intake.evidence import evidence_check
from intake.models import EmailMessage, Report
from intake.selectors import area_list
from intake.services import DuplicateReport, ReportDraft, ReporterDraft
from intake.sources.common import (
    area_from_text,
    filed_text,
    language_of,
    reply_send,
    report_submit_from_message,
    validation_text,
)
from intake.sources.email.parser import ParsedMail, mail_parse

logger = logging.getLogger(__name__)

_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|aw|回复|转发)\s*[:：])+\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Processed:
    outcome: str  # an EmailMessage.Outcome value, or "skipped" when done before
    report_id: int | None = None


def mail_key(message_id: str, fallback: str) -> str:
    """A keyed hash of the Message-ID (or of the mailbox UID when there is none)."""
    value = message_id.strip().strip("<>").lower() if message_id.strip() else fallback
    return keyed_hash(value, purpose="email_message")


def email_message_process(*, raw: bytes, fallback_key: str) -> Processed:
    """File a report from one e-mail and answer the sender with the receipt, exactly once.

    Attachments that fail the evidence checks are left out with a note in the answer.
    Unreadable mails are answered with what to do; automatic mails (auto-replies, bounces)
    and mails without a usable sender are recorded and ignored. The answer is queued
    through `reply_requested` after commit.
    """
    mail = mail_parse(raw)
    key = mail_key(mail.message_id, fallback_key)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = EmailMessage.objects.create(key=key, outcome=EmailMessage.Outcome.IGNORED)
        except IntegrityError:
            return Processed("skipped")
        if mail.automatic or not mail.sender:
            logger.info("e-mail ignored", extra={"automatic": mail.automatic})
            return Processed(EmailMessage.Outcome.IGNORED)
        if mail.unreadable:
            record.outcome = EmailMessage.Outcome.ANSWERED
            record.save(update_fields=["outcome"])
            with translation.override(language_of(mail.subject)):
                _answer(mail, _unreadable_text())
            return Processed(EmailMessage.Outcome.ANSWERED)
        with translation.override(language_of(f"{mail.subject}\n{mail.text}")):
            text, report_id = _file(mail, key)
        record.outcome = EmailMessage.Outcome.FILED if report_id else EmailMessage.Outcome.ANSWERED
        record.save(update_fields=["outcome"])
        _answer(mail, text, report_id)
    return Processed(record.outcome, report_id)


def email_oversized_process(*, header: bytes, fallback_key: str, size: int) -> Processed:
    """Answer a mail too large to fetch (only its header was read), exactly once."""
    mail = mail_parse(header)
    key = mail_key(mail.message_id, fallback_key)
    with transaction.atomic():
        try:
            with transaction.atomic():
                EmailMessage.objects.create(key=key, outcome=EmailMessage.Outcome.ANSWERED)
        except IntegrityError:
            return Processed("skipped")
        if mail.automatic or not mail.sender:
            return Processed(EmailMessage.Outcome.IGNORED)
        limit_mb = settings.IMAP_MAX_MESSAGE_BYTES // (1024 * 1024)
        with translation.override(language_of(mail.subject)):
            _answer(
                mail,
                _(
                    "Your e-mail of %(size)d MB is larger than the %(limit)d MB we can accept, so nothing "
                    "was filed. Please send it again with fewer or smaller photos (at most %(n)d)."
                )
                % {
                    "size": max(1, size // (1024 * 1024)),
                    "limit": limit_mb,
                    "n": settings.INTAKE_MAX_ATTACHMENTS,
                },
            )
    return Processed(EmailMessage.Outcome.ANSWERED)


def _unreadable_text() -> str:
    return _(
        "We could not read the text of your e-mail, so nothing was filed. "
        "Please send your report again as plain text."
    )


def _file(mail: ParsedMail, key: str) -> tuple[str, int | None]:
    subject = _REPLY_PREFIX.sub("", mail.subject)
    areas = list(area_list())
    area, subject_rest = area_from_text(subject, areas)
    body = mail.text
    if area is None:
        area, body_rest = area_from_text(body, areas)
        body = body_rest if area else body
    else:
        subject = subject_rest
    full_text = "\n\n".join(part for part in (mail.subject, mail.text) if part)
    description = "\n\n".join(part for part in (subject, body) if part)

    attachments, notes = [], []
    for name, data in mail.attachments:
        if len(attachments) >= settings.INTAKE_MAX_ATTACHMENTS:
            notes.append(
                _("%(name)s was left out: at most %(n)d files can be attached.")
                % {"name": name, "n": settings.INTAKE_MAX_ATTACHMENTS}
            )
            continue
        upload = ContentFile(data, name=name)
        try:
            evidence_check(upload)
        except ValidationError as exc:
            notes.append(
                _("%(name)s was left out: %(reason)s") % {"name": name, "reason": " ".join(exc.messages)}
            )
            continue
        attachments.append(ContentFile(data, name=name))
    try:
        filed = report_submit_from_message(
            ReportDraft(
                source=Report.Source.EMAIL,
                area=area,
                description=description,
                reporter=ReporterDraft(anonymous=True, email=mail.sender, language=language_of(full_text)),
                attachments=attachments,
                external_id=key,
            )
        )
    except DuplicateReport as duplicate:
        return _("This e-mail was already filed as %(reference)s.") % {
            "reference": duplicate.report.reference
        }, duplicate.report.pk
    except ValidationError as exc:
        return validation_text(exc) + "\n" + _("Nothing was filed; please write again."), None
    logger.info("e-mail report filed", extra={"report_id": filed.submission.report.pk})
    lines = [filed_text(filed)]
    if notes:
        lines.append(_("Some attachments could not be used:"))
        lines += [f"- {note}" for note in notes]
    return "\n".join(lines), filed.submission.report.pk


def _answer(mail: ParsedMail, text: str, report_id: int | None = None) -> None:
    reply_send(channel="email", address=mail.sender, text=text, report_id=report_id)
