"""Opening and closing cases, and what the reporter does through their receipt."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from intake.models import Report, ReportMessage
from intake.services import report_answer_due_set, report_status_set
from workflow.models import Case
from workflow.process import AWAIT_RATING, AWAIT_REPORTER, RatingDecision, node_ref
from workflow.services.records import case_event
from workflow.services.tasks import case_of
from workflow.signals import CaseEvent

logger = logging.getLogger(__name__)


def reporter_language(report: Report):
    """Context in which notes for the reporter's tracking page are written in their language."""
    return translation.override(report.language)


def case_open(*, activation, report: Report) -> Case:
    """The flow's start: link the process to its report and open the case in triage."""
    process = activation.process
    process.artifact = report
    process.save()
    case = Case.objects.create(
        reference=report.reference,
        report=report,
        process=process,
        area=report.area,
        source=report.source,
        stage=Case.Stage.TRIAGE,
        created_at=report.created_at,
    )
    case_event(case=case, event=CaseEvent.RECEIVED)
    return case


def report_case_open(*, report_id: int) -> Case | None:
    """Start the case flow for a stored report; a second call for the same report is harmless."""
    # Starting needs the flow class, whose callbacks call these services: the one import of
    # the flow from a service, done when a case is opened.
    from workflow.flows import CaseFlow  # noqa: PLC0415  see the comment above

    report = Report.objects.filter(pk=report_id, case__isnull=True).first()
    if report is None:
        return None
    try:
        with transaction.atomic():
            return CaseFlow.start.run(report=report)
    except IntegrityError:
        logger.info("case already opened", extra={"report_id": report_id})
        return None


def reports_without_case_open(*, older_than: datetime.timedelta | None = None) -> int:
    """Open the cases of reports whose case-opening task was lost (a broker down at commit, a
    queue lost with its Redis): a report, once receipted, is never lost. Waits
    `WORKFLOW_CASE_SWEEP_AFTER` seconds first, so a task under way is not raced."""
    if older_than is None:
        older_than = datetime.timedelta(seconds=settings.WORKFLOW_CASE_SWEEP_AFTER)
    cutoff = timezone.now() - older_than
    opened = 0
    for report_id in Report.objects.filter(case__isnull=True, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )[:500]:
        if report_case_open(report_id=report_id) is not None:
            opened += 1
    return opened


def case_closed(*, case: Case, resolution: str, actor=None, note: str = "", public: str = "") -> None:
    """Close `case` with `resolution` and tell the reporter. Caller holds the transaction."""
    now = timezone.now()
    case.state = Case.State.CLOSED
    case.stage = Case.Stage.CLOSED
    case.resolution = resolution
    case.closed_at = now
    case.due_at = None
    case.save()
    report_status_set(report=case.report, status=Report.Status.CLOSED, public_note=public)
    if case.report.answer_due_at is not None:
        report_answer_due_set(report=case.report, due_at=None)
    case_event(case=case, event=CaseEvent.CLOSED, actor=actor, note=note)


def case_close(*, activation, unanswered: bool = False) -> None:
    """The flow closes a handled case, or one whose reporter never answered a question."""
    case = case_of(activation)
    with reporter_language(case.report):
        if unanswered:
            public = _("Your report was closed because the information we asked for did not arrive in time.")
        else:
            public = _("The handling of your report is complete and the case is closed.")
    resolution = Case.Resolution.NO_REPLY if unanswered else Case.Resolution.HANDLED
    case_closed(case=case, resolution=resolution, public=public)


def case_reporter_answered(*, activation, message_id: int) -> None:
    """The reporter answered the triage question: the case returns to triage."""
    case = case_of(activation)
    activation.task.data["message_id"] = message_id
    report_answer_due_set(report=case.report, due_at=None)
    case_event(case=case, event=CaseEvent.REPORTER_INFO, note=_("The reporter answered the question."))


def case_reporter_info(*, case: Case, message_id: int) -> None:
    """The reporter added information while no question was waiting: record it for the officer."""
    case_event(case=case, event=CaseEvent.REPORTER_INFO)


def case_rated(*, activation, rating: int, message_id: int | None = None) -> None:
    """The reporter rated the handling; a dispute (a message) goes to a supervisor."""
    case = case_of(activation)
    case.rating = rating
    case.disputed = message_id is not None
    case.save(update_fields=["rating", "disputed", "updated_at"])
    decision = RatingDecision.DISPUTE if case.disputed else RatingDecision.RATED
    activation.task.data.update({"decision": decision, "rating": rating})
    case_event(case=case, event=CaseEvent.RATED, note=str(rating))
    if case.disputed:
        text = ReportMessage.objects.filter(pk=message_id).values_list("text", flat=True).first() or ""
        case_event(case=case, event=CaseEvent.DISPUTED, note=text)


def _waiting_task(case: Case, node_name: str):
    return case.process.task_set.filter(flow_task=node_ref(node_name), status=STATUS.NEW).first()


def _case_of_report(report_id: int) -> Case | None:
    return Case.objects.select_related("process").filter(report_id=report_id, state=Case.State.OPEN).first()


def reporter_message_received(*, report_id: int, message_id: int) -> None:
    """The reporter wrote through their receipt: it answers a waiting question, or it is new
    information the handling officer should see."""
    case = _case_of_report(report_id)
    if case is None:
        return
    task = _waiting_task(case, AWAIT_REPORTER)
    if task is not None:
        task.flow_task.run(task, message_id=message_id)
    else:
        with transaction.atomic():
            case_reporter_info(case=case, message_id=message_id)


def reporter_rating_received(*, report_id: int, rating: int, message_id: int | None) -> None:
    """The reporter rated the reply: the waiting case goes on (to a supervisor if disputed)."""
    case = _case_of_report(report_id)
    if case is None:
        return
    task = _waiting_task(case, AWAIT_RATING)
    if task is not None:
        task.flow_task.run(task, rating=rating, message_id=message_id)
    else:
        logger.info("rating arrived while no rating was awaited", extra={"case_id": case.pk})
