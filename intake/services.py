"""Every write to reports goes through here. `report_submit` is the only way a report enters."""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intake import signals
from intake.crypto import keyed_hash
from intake.evidence import Evidence, evidence_check_all, thumbnail_make
from intake.models import (
    Area,
    Attachment,
    Question,
    ReferenceCounter,
    Report,
    ReportMessage,
)
from intake.policies import policies_read_once, received_notice
from intake.receipts import receipt_hash, receipt_new
from intake.selectors import area_questions, report_accepts_information
from intake.tasks import attachment_thumbnail, report_received_send
from intake.validators import (
    normalize_phone,
    validate_credit_code,
    validate_id_number,
    validate_mobile_phone,
    validate_plain_text,
)

logger = logging.getLogger(__name__)

DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 5000
MAX_SUBJECT_CONTACTS = 10
# Dates and amounts a resident can mean: nothing before 1900, no amount past a trillion yuan.
EARLIEST_DATE = datetime.date(1900, 1, 1)
MAX_AMOUNT = Decimal("1e12")


@dataclass(frozen=True)
class Submission:
    """The stored report and its receipt in clear: shown once, only its hash is kept."""

    report: Report
    receipt: str


class DuplicateReport(Exception):
    """The source already delivered this message (same source and external id)."""

    def __init__(self, report: Report):
        super().__init__(report.reference)
        self.report = report


class Errors:
    """Collects messages per field so a form or API can show them all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message) -> None:
        self.by_field.setdefault(field, []).append(str(message))

    def check(self, field: str, validate, value):
        try:
            return validate(value)
        except ValidationError as exc:
            for message in exc.messages:
                self.add(field, message)
            return value

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)

    def check_text(self, **fields) -> None:
        """Refuse control characters and broken Unicode in any text (strings, lists, dicts)."""
        for field, value in fields.items():
            self.check(field, validate_plain_text, value)


@dataclass(frozen=True)
class SubjectDraft:
    """Who or what the report is about, as the reporter gave it."""

    kind: str = Report.SubjectKind.UNKNOWN
    name: str = ""
    credit_code: str = ""
    contacts: Iterable[str] = ()


@dataclass(frozen=True)
class ReporterDraft:
    """Who reports, and how to answer them. An anonymous reporter gives no name or identity
    number; the phone, e-mail or WeChat account only carries the answers."""

    anonymous: bool = True
    name: str = ""
    phone: str = ""
    id_number: str = ""
    email: str = ""
    wechat_openid: str = ""
    ip: str | None = None
    language: str = "zh-hans"


@dataclass(frozen=True)
class ReportDraft:
    """A report as a source delivers it, before `report_submit` judges it.

    `external_id` is the source's own id of the message (a second delivery is a duplicate);
    `submitted_by` is the officer who typed it in (hotline); one-shot sources that cannot ask
    questions (SMS, e-mail) set `answers_required=False`: the bureau asks later.
    """

    source: Report.Source
    description: str
    area: Area | None = None
    occurred_on: datetime.date | None = None
    location: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    answers: dict | None = None
    subject: SubjectDraft = SubjectDraft()
    reporter: ReporterDraft = ReporterDraft()
    attachments: Iterable = ()
    external_id: str = ""
    submitted_by: AbstractBaseUser | None = None
    answers_required: bool = True


def report_submit(draft: ReportDraft) -> Submission:
    """Validate, store the report and its evidence in one transaction, issue its receipt.

    Raises ValidationError (a dict of field -> messages in the active language, keyed by the
    flat field names: `description`, `subject_credit_code`, `reporter_phone`…) and stores
    nothing when any input is bad; raises DuplicateReport when (source, external_id) was
    already filed. Sends `report_stored` inside the transaction (outbox rows commit with the
    report) and, after commit, queues one Celery task that sends `report_received` in a
    worker (the case, the subject, the acknowledgement's hand-over).
    """
    errors = Errors()
    subject = replace(draft.subject, contacts=list(draft.subject.contacts))
    # First, and alone: later messages may quote the input back.
    _text_check(draft, subject, errors)
    errors.raise_if_any()
    description, answers = _facts_check(draft, errors)
    subject = _subject_check(subject, errors)
    reporter = _reporter_check(draft.reporter, draft.source, errors)
    evidence, refused = evidence_check_all(draft.attachments)
    for message in refused:
        errors.add("attachments", message)
    errors.raise_if_any()

    receipt = receipt_new()
    report = _report_build(draft, description, answers, subject, reporter, receipt)
    _report_store(report, evidence)
    logger.info("report stored", extra={"report_id": report.pk, "source": draft.source})
    return Submission(report=report, receipt=receipt)


def _text_check(draft: ReportDraft, subject: SubjectDraft, errors: Errors) -> None:
    """Control characters and broken Unicode anywhere in the draft's text."""
    reporter = draft.reporter
    errors.check_text(
        description=draft.description,
        location=draft.location,
        answers=draft.answers,
        subject_name=subject.name,
        subject_credit_code=subject.credit_code,
        subject_contacts=subject.contacts,
        reporter_name=reporter.name,
        reporter_phone=reporter.phone,
        reporter_id_number=reporter.id_number,
        reporter_email=reporter.email,
        reporter_wechat_openid=reporter.wechat_openid,
        external_id=draft.external_id,
    )


def _facts_check(draft: ReportDraft, errors: Errors) -> tuple[str, dict]:
    """What happened, where and when: the description and the area's answers, cleaned."""
    description = (draft.description or "").strip()
    if len(description) < DESCRIPTION_MIN:
        errors.add(
            "description",
            _("Please describe what happened in at least %(n)d characters.") % {"n": DESCRIPTION_MIN},
        )
    elif len(description) > DESCRIPTION_MAX:
        errors.add(
            "description", _("The description is limited to %(n)d characters.") % {"n": DESCRIPTION_MAX}
        )
    area, occurred_on = draft.area, draft.occurred_on
    if area is not None and not area.is_active:
        errors.add("area", _("This area no longer takes reports."))
    if occurred_on and occurred_on > timezone.localdate():
        errors.add("occurred_on", _("The date cannot be in the future."))
    elif occurred_on and occurred_on < EARLIEST_DATE:
        errors.add("occurred_on", _("The date is too long ago: check the year."))
    answers = _answers_clean(area, draft.answers or {}, errors, required=draft.answers_required)
    return description, answers


def _subject_check(subject: SubjectDraft, errors: Errors) -> SubjectDraft:
    """The subject with its credit code normalised and empty contacts dropped."""
    if subject.kind not in Report.SubjectKind.values:
        errors.add("subject_kind", _("Choose person, organisation or not known."))
    credit_code = subject.credit_code
    if credit_code:
        credit_code = errors.check("subject_credit_code", validate_credit_code, credit_code)
    contacts = [str(c).strip() for c in subject.contacts if str(c).strip()]
    if len(contacts) > MAX_SUBJECT_CONTACTS or any(len(c) > 100 for c in contacts):
        errors.add(
            "subject_contacts",
            _("Give at most %(n)d numbers or accounts of up to 100 characters each.")
            % {"n": MAX_SUBJECT_CONTACTS},
        )
    return replace(subject, name=(subject.name or "").strip(), credit_code=credit_code, contacts=contacts)


def _reporter_check(reporter: ReporterDraft, source: Report.Source, errors: Errors) -> ReporterDraft:
    """A real-name reporter gives name, mobile and identity number; an anonymous one neither
    name nor identity number. Numbers come back normalised."""
    name = (reporter.name or "").strip()
    phone, id_number = reporter.phone, reporter.id_number
    if reporter.anonymous:
        if name or id_number:
            errors.add("anonymous", _("An anonymous report cannot carry a name or identity number."))
    else:
        if not name:
            errors.add("reporter_name", _("Please give your name for a real-name report."))
        elif len(name) > 50:
            errors.add("reporter_name", _("A name is limited to 50 characters."))
        if not phone:
            errors.add("reporter_phone", _("Please give your mobile number for a real-name report."))
        if not id_number:
            errors.add("reporter_id_number", _("Please give your identity number for a real-name report."))
        else:
            id_number = errors.check("reporter_id_number", validate_id_number, id_number)
    if phone:
        if source in (Report.Source.WEB, Report.Source.OPEN311) or not reporter.anonymous:
            phone = errors.check("reporter_phone", validate_mobile_phone, phone)
        else:
            phone = normalize_phone(phone)
    return replace(
        reporter,
        name=name,
        phone=phone,
        id_number=id_number,
        email=(reporter.email or "").strip(),
        ip="" if reporter.anonymous else (reporter.ip or ""),
        language=_language_known(reporter.language),
    )


def _language_known(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _report_build(
    draft: ReportDraft,
    description: str,
    answers: dict,
    subject: SubjectDraft,
    reporter: ReporterDraft,
    receipt: str,
) -> Report:
    """The unsaved report from checked parts; identity numbers also kept as keyed hashes."""
    return Report(
        source=draft.source,
        area=draft.area,
        description=description,
        occurred_on=draft.occurred_on,
        location=(draft.location or "").strip(),
        latitude=draft.latitude,
        longitude=draft.longitude,
        answers=answers,
        subject_kind=subject.kind,
        subject_name=subject.name,
        subject_credit_code=subject.credit_code,
        subject_contacts=subject.contacts,
        anonymous=reporter.anonymous,
        reporter_name=reporter.name,
        reporter_phone=reporter.phone,
        reporter_phone_hash=keyed_hash(reporter.phone, purpose="phone") if reporter.phone else "",
        reporter_id_number=reporter.id_number,
        reporter_id_hash=keyed_hash(reporter.id_number, purpose="id") if reporter.id_number else "",
        reporter_email=reporter.email,
        reporter_wechat_openid=reporter.wechat_openid,
        reporter_ip=reporter.ip,
        language=reporter.language,
        receipt_hash=receipt_hash(receipt),
        external_id=draft.external_id or "",
        submitted_by=draft.submitted_by,
    )


def _report_store(report: Report, evidence: list[Evidence]) -> None:
    """Save the report with its reference, evidence and first public note in one transaction;
    a second delivery of the same (source, external_id) raises DuplicateReport. Files
    written before a failure are removed."""
    stored_files: list = []
    try:
        # The receipt's notice and the acknowledgement (report_stored) tell one promise, read
        # once and before the counter's row is locked.
        with policies_read_once():
            with translation.override(report.language):
                notice = received_notice()
            _report_write(report, evidence, notice, stored_files)
    except IntegrityError:
        _files_remove(stored_files)
        duplicate = _duplicate_of(report)
        if duplicate:
            raise DuplicateReport(duplicate) from None
        raise
    except BaseException:
        _files_remove(stored_files)
        raise


def _report_write(report: Report, evidence: list[Evidence], notice: str, stored_files: list) -> None:
    """The transaction of `_report_store`; the evidence files it writes are added to
    `stored_files` (removed by the caller on failure).

    The report is checked and its files written first, outside the transaction: the year's
    reference counter is locked from its number to the commit, and every report of the city
    waits for it, so it must not wait for a slow evidence store."""
    # Field rules only: the unique reference (ours, from the counter), the random receipt and
    # (source, external_id) are held by the database's constraints (a duplicate raises
    # IntegrityError, handled by the caller), not by three more queries; so are the area and
    # the officer, rows the caller read (not a query each).
    report.full_clean(
        exclude=[
            "reference",
            "reporter_phone",
            "reporter_id_number",
            "reporter_email",
            "area",
            "submitted_by",
        ],
        validate_unique=False,
        validate_constraints=False,
    )
    attachments = [_attachment_file_write(item, stored_files) for item in evidence]
    with transaction.atomic():
        duplicate = _duplicate_of(report)
        if duplicate:
            raise DuplicateReport(duplicate)
        report.reference = _reference_next()
        report.save()
        for attachment, item in zip(attachments, evidence, strict=True):
            _attachment_save(attachment, item, report)
        ReportMessage.objects.create(report=report, kind=ReportMessage.Kind.PUBLIC_UPDATE, text=notice)
        signals.report_stored.send(sender=Report, report_id=report.pk, report=report)
        transaction.on_commit(lambda: _report_received_hand_over(report.pk))


def _duplicate_of(report: Report) -> Report | None:
    """The report already filed from the same source under the same external id, if any."""
    if not report.external_id:
        return None
    return Report.objects.filter(source=report.source, external_id=report.external_id).first()


def _report_received_hand_over(report_id: int) -> None:
    """One task for a worker, by id: everything else about the report happens there."""

    try:
        report_received_send.delay(report_id)
    except Exception as exc:  # the report is stored and receipted: the sweep and relay catch up
        logger.warning(
            "report_received not handed over", extra={"report_id": report_id, "error": type(exc).__name__}
        )


def _answers_clean(area: Area | None, answers: dict, errors: Errors, *, required: bool = True) -> dict:
    if not isinstance(answers, dict):
        errors.add("answers", _("Answers must be given per question."))
        return {}
    if area is None:
        if any(str(v).strip() for v in answers.values()):
            errors.add("answers", _("Choose an area before answering its questions."))
        return {}
    questions = {q.code: q for q in area_questions(area)}
    for code in answers:
        if code not in questions:
            errors.add("answers", _("There is no question %(code)s for this area.") % {"code": code})
    clean = {}
    for code, question in questions.items():
        raw = answers.get(code)
        value = "" if raw is None else str(raw).strip()
        if not value:
            if question.required and required:
                errors.add(f"answers.{code}", _("Please answer: %(q)s") % {"q": question.label})
            continue
        parsed = _answer_parse(question, value)
        if parsed is None:
            errors.add(f"answers.{code}", _answer_error(question))
        else:
            clean[code] = parsed
    return clean


def _answer_parse(question: Question, value: str):
    if question.datatype == Question.Datatype.NUMBER:
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            return None
        if (
            not number.is_finite()
            or number < 0
            or number > MAX_AMOUNT
            or (question.whole_number and number != number.to_integral_value())
        ):
            return None
        return str(number.to_integral_value()) if question.whole_number else str(number)
    if question.datatype == Question.Datatype.DATE:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return None
        return value if EARLIEST_DATE <= day <= timezone.localdate() else None
    if question.datatype == Question.Datatype.CHOICE:
        return value if value in {c["key"] for c in question.choices} else None
    return value if len(value) <= 500 else None


def _answer_error(question: Question) -> str:
    if question.datatype == Question.Datatype.NUMBER and question.whole_number:
        return _("%(q)s: enter a whole number of zero or more.") % {"q": question.label}
    return {
        Question.Datatype.NUMBER: _("%(q)s: enter a number of zero or more."),
        Question.Datatype.DATE: _("%(q)s: enter a date (YYYY-MM-DD) that is not in the future."),
        Question.Datatype.CHOICE: _("%(q)s: choose one of the options."),
    }.get(question.datatype, _("%(q)s: the answer is limited to 500 characters.")) % {"q": question.label}


def _reference_next() -> str:
    """The next PREFIX-YYYY-NNNNNN number (INTAKE_REFERENCE_PREFIX, e.g. DZ-2026-000123); the
    counter row is locked until the report commits."""
    year = timezone.localdate().year
    last = _counter_increment(year)
    if last is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(year=year, last=0)
        except IntegrityError:
            pass
        last = _counter_increment(year)
    return f"{settings.INTAKE_REFERENCE_PREFIX}-{year}-{last:06d}"


def _counter_increment(year: int) -> int | None:
    """One round trip: the UPDATE locks the year's row until commit and returns the new
    number, or None when the year has no counter row yet."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET last = last + 1 WHERE year = %s RETURNING last", [year])
        row = cursor.fetchone()
    return row[0] if row else None


def _attachment_file_write(item: Evidence, stored_files: list) -> Attachment:
    """The unsaved attachment, its file written to the evidence store (and added to
    `stored_files`, which the caller removes should the report not be stored)."""
    attachment = Attachment(content_type=item.content_type, size=len(item.content), sha256=item.sha256)
    attachment.file.save(f"evidence.{item.extension}", ContentFile(item.content), save=False)
    stored_files.append(attachment.file)
    return attachment


def _attachment_save(
    attachment: Attachment, item: Evidence, report: Report, message: ReportMessage | None = None
) -> None:
    attachment.report, attachment.message = report, message
    attachment.save()
    if item.is_image:
        transaction.on_commit(lambda: _thumbnail_queue(attachment.pk))


def _thumbnail_queue(attachment_id: int) -> None:
    try:
        attachment_thumbnail.delay(attachment_id)
    except Exception:  # the broker is down: the sweep makes it later
        logger.warning("thumbnail not queued", extra={"attachment_id": attachment_id})


def attachment_thumbnail_make(*, attachment_id: int) -> bool:
    """Make the thumbnail of an image attachment from the stored file. Returns whether this
    run stored it: False for a missing or non-image attachment, one that has a thumbnail, or
    when another worker was first."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None or attachment.thumbnail or not attachment.content_type.startswith("image/"):
        return False
    with attachment.file.open("rb") as handle:
        content = handle.read()
    attachment.thumbnail.save("thumb.jpg", ContentFile(thumbnail_make(content)), save=False)
    updated = Attachment.objects.filter(pk=attachment_id, thumbnail="").update(
        thumbnail=attachment.thumbnail.name
    )
    if not updated:  # another worker was first: keep its file, drop ours
        attachment.thumbnail.storage.delete(attachment.thumbnail.name)
    return bool(updated)


def attachment_thumbnails_missing(*, older_than_seconds: int = 300) -> list[int]:
    """Ids of image attachments still without a thumbnail `older_than_seconds` after they
    were stored, oldest first, at most 500."""
    before = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    return list(
        Attachment.objects.filter(thumbnail="", content_type__startswith="image/", created_at__lt=before)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )


def _files_remove(files: list) -> None:
    for field_file in files:
        try:
            field_file.storage.delete(field_file.name)
        except OSError:
            logger.warning("could not remove an orphaned evidence file")


def report_message_add(*, report: Report, text: str, attachments: Iterable = ()) -> ReportMessage:
    """The reporter adds information through their receipt: text and up to
    INTAKE_MAX_ATTACHMENTS files. Refused once the report (or the one it was merged into) is
    closed. Stored on the reporter's own report; `reporter_message_added` names the report
    being handled and is sent after commit."""
    text = (text or "").strip()
    errors = Errors()
    if not report_accepts_information(report):
        errors.add(
            "text",
            _(
                "Your report is closed: nothing more can be added to it. If something new happened, file a new report."
            ),
        )
        errors.raise_if_any()
    errors.check_text(text=text)
    errors.raise_if_any()
    if not text:
        errors.add("text", _("Please write what you want to add."))
    elif len(text) > DESCRIPTION_MAX:
        errors.add("text", _("The text is limited to %(n)d characters.") % {"n": DESCRIPTION_MAX})
    evidence, refused = evidence_check_all(attachments)
    for message in refused:
        errors.add("attachments", message)
    errors.raise_if_any()
    stored: list = []
    try:
        attachments = [_attachment_file_write(item, stored) for item in evidence]
        with transaction.atomic():
            # Stored on the reporter's own report (so only they see it back); the signal
            # names the report being handled, the main one after a merge.
            message = ReportMessage.objects.create(
                report=report, kind=ReportMessage.Kind.REPORTER_INFO, text=text
            )
            for attachment, item in zip(attachments, evidence, strict=True):
                _attachment_save(attachment, item, report, message)
            handled_id = report.merged_into_id or report.pk
            transaction.on_commit(
                lambda: signals.reporter_message_added.send(
                    sender=Report, report_id=handled_id, message_id=message.pk
                )
            )
    except BaseException:
        _files_remove(stored)
        raise
    return message


def report_status_set(
    *,
    report: Report,
    status: Report.Status,
    public_note: str = "",
    bureau=None,
    expected_at=None,
    expected_unknown: bool = False,
) -> None:
    """Set the public status (and handling bureau and expected date when given) of a report
    and of the reports merged into it; add a public note when given. `expected_unknown` takes
    the expected date away (nothing can be promised). Called by the workflow."""
    changes = {"status": status, "updated_at": timezone.now()}
    if bureau is not None:
        changes["bureau"] = bureau
    if expected_at is not None or expected_unknown:
        changes["expected_at"] = expected_at
    with transaction.atomic():
        Report.objects.filter(Q(pk=report.pk) | Q(merged_into=report)).update(**changes)
        for field, value in changes.items():
            setattr(report, field, value)
        if public_note:
            ReportMessage.objects.create(
                report=report, kind=ReportMessage.Kind.PUBLIC_UPDATE, text=public_note
            )


def report_answer_due_set(*, report: Report, due_at) -> None:
    """When the report closes if its reporter does not answer the waiting question (None: no
    period is in force, or no question waits), for the report and those merged into it.
    Called by the workflow."""
    Report.objects.filter(Q(pk=report.pk) | Q(merged_into=report)).update(answer_due_at=due_at)
    report.answer_due_at = due_at


RATING_MIN, RATING_MAX = 1, 5


def report_rate(*, report: Report, rating: int, dispute: str = "") -> None:
    """The reporter rates the reply to their report (1-5) and may dispute it in words.

    Only a report that is decided and has a reply can be rated (not one still in handling,
    nor one closed). A report merged into another is refused: the main report's own reporter
    rates the handling. A dispute is stored as the reporter's message on the report. Raises
    ValidationError and stores nothing on bad input; sends `reporter_rated` after commit.
    """
    errors = Errors()
    if isinstance(rating, bool) or not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
        errors.add(
            "rating", _("Choose a rating from %(min)d to %(max)d.") % {"min": RATING_MIN, "max": RATING_MAX}
        )
    dispute = (dispute or "").strip()
    errors.check_text(dispute=dispute)
    if len(dispute) > DESCRIPTION_MAX:
        errors.add("dispute", _("The text is limited to %(n)d characters.") % {"n": DESCRIPTION_MAX})
    if report.merged_into_id:
        errors.add(
            "rating", _("Your report was merged into another case: its own reporter rates the handling.")
        )
        errors.raise_if_any()
    replied = report.messages.filter(kind=ReportMessage.Kind.REPLY).exists()
    if report.status != Report.Status.DECIDED or not replied:
        errors.add("rating", _("This report cannot be rated now: wait for the reply to your report."))
    errors.raise_if_any()
    with transaction.atomic():
        message = None
        if dispute:
            message = ReportMessage.objects.create(
                report=report, kind=ReportMessage.Kind.REPORTER_INFO, text=dispute
            )
        message_id = message.pk if message else None
        transaction.on_commit(
            lambda: signals.reporter_rated.send(
                sender=Report, report_id=report.pk, rating=rating, message_id=message_id
            )
        )


def report_message_post(*, report: Report, kind: str, text: str, author=None) -> ReportMessage:
    """The handling side writes to the reporter: a question, a reply or a public update.
    Called by the workflow, which validates the text."""
    if kind not in (ReportMessage.Kind.QUESTION, ReportMessage.Kind.REPLY, ReportMessage.Kind.PUBLIC_UPDATE):
        raise ValueError(f"the handling side cannot post a {kind!r} message")
    return ReportMessage.objects.create(report=report, kind=kind, text=text, author=author)


def report_merge(*, report: Report, into: Report, public_note: str = "") -> None:
    """`report` is the same matter as `into`: its reporter follows `into` from now on (its
    status, handling bureau and expected date), told by `public_note`. Called by the workflow."""
    if report.pk == into.pk or into.merged_into_id:
        raise ValueError("a report merges into another report that is not merged itself")
    with transaction.atomic():
        # Reports merged into `report` earlier follow `into` as well: no chains.
        earlier = list(Report.objects.filter(merged_into=report).values_list("pk", flat=True))
        Report.objects.filter(pk__in=[report.pk, *earlier]).update(
            merged_into=into,
            status=into.status,
            bureau=into.bureau,
            expected_at=into.expected_at,
            updated_at=timezone.now(),
        )
        report.merged_into = into
        if public_note:
            ReportMessage.objects.create(
                report=report, kind=ReportMessage.Kind.PUBLIC_UPDATE, text=public_note
            )
