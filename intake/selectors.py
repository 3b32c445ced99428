"""Reads with a rule in them."""

import datetime
import threading
import time
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from intake.models import Area, AreaBureau, Attachment, Question, Report, ReportMessage
from intake.receipts import receipt_hash, receipt_is_well_formed


def area_list() -> QuerySet[Area]:
    """Active areas with their questions and routing, in the order of the rules."""
    return Area.objects.filter(is_active=True).prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position")),
        Prefetch("routing", queryset=AreaBureau.objects.select_related("bureau").order_by("position")),
    )


# Areas and their questions are reference data an administrator changes a few times a year,
# and every report filed through the API names one: each process keeps what it read for
# AREA_READ_SECONDS. A change saved in this process is seen at once (`areas_changed`); the
# other processes see it within that time.
AREA_READ_SECONDS = 30.0
_areas_read: dict[str, tuple[float, Area]] = {}
_areas_lock = threading.Lock()


def area_by_code(code: str) -> Area | None:
    """The active or inactive area with this code, with its questions, or None.

    Read at most once per AREA_READ_SECONDS per process (unknown codes are not kept); the
    area is shared between threads, so callers treat it as read-only."""
    read = _areas_read.get(code)
    now = time.monotonic()
    if read is not None and read[0] > now:
        return read[1]
    area = _area_read(code)
    if area is not None:
        with _areas_lock:
            _areas_read[code] = (now + AREA_READ_SECONDS, area)
    return area


def areas_changed(**kwargs) -> None:
    """Forget the areas this process read (an area or a question was saved or deleted)."""
    with _areas_lock:
        _areas_read.clear()


def _area_read(code: str) -> Area | None:
    """The area with this code, or None; its questions are read in the same query (see
    `area_questions`)."""
    questions = list(Question.objects.filter(area__code=code).select_related("area").order_by("position"))
    if not questions:  # no such area, or one without questions
        return Area.objects.filter(code=code).first()
    area = questions[0].area
    for question in questions:
        question.area = area
    area.questions_read = questions
    return area


def area_questions(area: Area) -> list[Question]:
    """The area's questions in their order: those `area_by_code` read with it, else one query."""
    read = getattr(area, "questions_read", None)
    return read if read is not None else list(area.questions.all())


def area_lead(area: Area):
    """The lead bureau of an area (from prefetched routing when available)."""
    for entry in area.routing.all():
        if entry.role == AreaBureau.Role.LEAD:
            return entry.bureau
    return None


def report_by_receipt(receipt: str) -> Report | None:
    """The report a receipt opens, or None; one indexed query, same answer for any failure."""
    if not receipt_is_well_formed(receipt):
        return None
    return (
        Report.objects.select_related("area", "merged_into", "merged_into__area")
        .filter(receipt_hash=receipt_hash(receipt))
        .first()
    )


PUBLIC_MESSAGE_KINDS = [
    ReportMessage.Kind.PUBLIC_UPDATE,
    ReportMessage.Kind.QUESTION,
    ReportMessage.Kind.REPLY,
    ReportMessage.Kind.REPORTER_INFO,
]


def report_public_messages(report: Report) -> QuerySet[ReportMessage]:
    """What the holder of the receipt sees: their own report's public record and, once it
    was merged, only the public status updates of the main report (never what the main
    report's reporter wrote or was asked: that could identify them)."""
    condition = Q(report=report, kind__in=PUBLIC_MESSAGE_KINDS)
    if report.merged_into_id:
        condition |= Q(report_id=report.merged_into_id, kind=ReportMessage.Kind.PUBLIC_UPDATE)
    return ReportMessage.objects.filter(condition).order_by("created_at", "pk")


def report_tracked(report_id: int) -> Report | None:
    """The report a receipt holder opened (its id kept in their track session), or None."""
    return (
        Report.objects.select_related("area", "bureau", "merged_into__area", "merged_into__bureau")
        .filter(pk=report_id)
        .first()
    )


def report_own_attachments(report: Report) -> QuerySet[Attachment]:
    """The evidence filed with this report itself: what its receipt holder may see again."""
    return Attachment.objects.filter(report_id=report.pk).order_by("pk")


def report_own_attachment(*, report_id: int, attachment_id: int) -> Attachment | None:
    """One attachment of the receipt holder's own report, or None (callers answer 404)."""
    return Attachment.objects.filter(report_id=report_id, pk=attachment_id).first()


def report_can_rate(report: Report) -> bool:
    """Whether the receipt holder may rate now: their own (unmerged) report was replied to and
    is waiting for the rating."""
    return (
        report.merged_into_id is None
        and report.status == Report.Status.DECIDED
        and report.messages.filter(kind=ReportMessage.Kind.REPLY).exists()
    )


@dataclass(frozen=True)
class PublicState:
    """Where a report stands, as its reporter is told on every channel."""

    label: str
    expected_at: datetime.datetime | None  # when closure is expected; None once closed
    closed: bool


def report_public_state(report: Report) -> PublicState:
    """The followed report's status for its reporter: once the reply is sent it says so (not
    "decided"), and a closed report has no expected date."""
    followed = report.followed
    if followed.status == Report.Status.CLOSED:
        return PublicState(label=followed.get_status_display(), expected_at=None, closed=True)
    label = followed.get_status_display()
    if (
        followed.status == Report.Status.DECIDED
        and followed.messages.filter(kind=ReportMessage.Kind.REPLY).exists()
    ):
        label = _("Replied, waiting for your rating")
    return PublicState(label=str(label), expected_at=followed.expected_at, closed=False)


def report_accepts_information(report: Report) -> bool:
    """Whether the receipt holder may still add information: not once the report is closed."""
    return report.followed.status != Report.Status.CLOSED


def report_answers(report: Report) -> list[tuple[str, str]]:
    """The reporter's answers to their area's questions as (question, answer) in the active
    language, in the order of the questions."""
    if not report.area_id or not report.answers:
        return []
    shown = []
    for question in report.area.questions.order_by("position"):
        value = report.answers.get(question.code)
        if value in (None, ""):
            continue
        if question.datatype == Question.Datatype.CHOICE:
            value = question.choice_label(value)
        shown.append((question.label, str(value)))
    return shown
