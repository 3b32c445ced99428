"""Who hears what: turning intake and workflow events into outbox rows and live events."""

import logging

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from viewflow.workflow.models import Task

from intake.models import Report, ReportMessage
from intake.policies import triage_promise_days
from intake.selectors import area_lead
from intake.triage.models import RepeatAlert
from notifications import selectors
from notifications.live import (
    ROLE_QUEUES,
    bureau_group,
    case_group,
    live_publish,
    permission_group,
    supervision_groups,
    user_group,
)
from notifications.models import Message
from notifications.services.outbox import Draft, messages_create
from workflow.models import Case, Officer
from workflow.signals import CaseEvent, TaskEvent

logger = logging.getLogger(__name__)

REPORTER_KINDS = {
    CaseEvent.MORE_INFO_REQUESTED: Message.Kind.MORE_INFO,
    CaseEvent.REPLIED: Message.Kind.REPLY,
    CaseEvent.CLOSED: Message.Kind.CLOSED,
}
SUPERVISOR_KINDS = {
    CaseEvent.EXTENSION_REQUESTED: Message.Kind.EXTENSION,
    CaseEvent.DISPUTED: Message.Kind.DISPUTE,
}
SOURCE_CHANNELS = {
    "sms": Message.Channel.SMS,
    "email": Message.Channel.EMAIL,
    "wechat": Message.Channel.WECHAT,
}


def _reporter_drafts(
    report_ids, kind: str, *, case_id=None, key=None, sources=None, reach=None, context=None
) -> list[Draft]:
    drafts = []
    for row in reach if reach is not None else selectors.reporter_reach(report_ids):
        if row["channel"] is None or (sources is not None and row["source"] not in sources):
            continue
        drafts.append(
            Draft(
                kind=kind,
                channel=row["channel"],
                report_id=row["pk"],
                case_id=case_id,
                context={"reference": row["reference"], **(context or {})},
                language=row["language"],
                dedupe_key=f"{kind}:{row['pk']}:{key}" if key is not None else None,
            )
        )
    return drafts


def _staff_drafts(user_ids, kind: str, *, context: dict, case_id=None, key=None, exclude=None) -> list[Draft]:
    drafts = []
    for row in selectors.staff_reach(uid for uid in user_ids if uid != exclude):
        channels = [Message.Channel.INAPP]
        if row["has_email"] and settings.NOTIFICATIONS_STAFF_EMAIL:
            channels.append(Message.Channel.EMAIL)
        for channel in channels:
            drafts.append(
                Draft(
                    kind=kind,
                    channel=channel,
                    user_id=row["pk"],
                    case_id=case_id,
                    context=context,
                    dedupe_key=f"{kind}:{key}:{row['pk']}:{channel}" if key is not None else None,
                )
            )
    return drafts


def report_received_notify(
    *, report_id: int, fresh: bool = False, report: Report | None = None
) -> list[Message]:
    """The reporter's acknowledgement, once per report, through the channel they came in on
    (for the sources in NOTIFICATIONS_ACKNOWLEDGE_SOURCES; the others' adapters answer).
    `fresh`: called in the transaction that stores the report (see messages_create), whose
    instance `report` may be given to save reading it back. The review promise is the one the
    city had adopted at receipt (none while it has only a draft)."""
    drafts = _reporter_drafts(
        [report_id],
        Message.Kind.RECEIVED,
        key="",
        sources=settings.NOTIFICATIONS_ACKNOWLEDGE_SOURCES,
        reach=selectors.reporter_reach_of(report) if report is not None and report.pk == report_id else None,
        context={"promise_days": triage_promise_days()},
    )
    return messages_create(drafts=drafts, fresh=fresh) if drafts else []


def reply_requested_notify(
    *, channel: str, address_encrypted: str, text: str, report_id: int | None
) -> list[Message]:
    """A text a source adapter wants sent back; the address stays encrypted until sending."""
    if channel not in SOURCE_CHANNELS or not address_encrypted or not (text or "").strip():
        logger.warning("reply request ignored", extra={"channel": channel, "report_id": report_id})
        return []
    language = settings.LANGUAGE_CODE
    if report_id:
        language = Report.objects.filter(pk=report_id).values_list("language", flat=True).first() or language
    draft = Draft(
        kind=Message.Kind.SOURCE_REPLY,
        channel=SOURCE_CHANNELS[channel],
        report_id=report_id,
        address_encrypted=address_encrypted,
        text=text.strip(),
        language=language,
    )
    return messages_create(drafts=[draft])


def case_changed_notify(*, case_id: int, event: str, actor_id: int | None) -> list[Message]:
    """Reporter and supervisor messages for a case event, and its live event."""
    case = (
        Case.objects.filter(pk=case_id).only("pk", "reference", "report_id", "bureau_id", "reopened").first()
    )
    if case is None:
        return []
    live_publish(
        [
            case_group(case.pk),
            *supervision_groups(case.bureau_id),
            bureau_group(case.bureau_id) if case.bureau_id else None,
        ],
        f"case.{event}",
        case_id=case.pk,
    )
    drafts: list[Draft] = []
    if event in REPORTER_KINDS:
        drafts += _reporter_drafts(
            selectors.case_reporters(case),
            REPORTER_KINDS[event],
            case_id=case.pk,
            key=_reporter_key(case, event),
        )
    if event == CaseEvent.REPORTER_INFO:
        drafts += _staff_drafts(
            selectors.case_handlers(case),
            Message.Kind.REPORTER_INFO,
            context={"case_reference": case.reference},
            case_id=case.pk,
        )
    if event in SUPERVISOR_KINDS:
        drafts += _staff_drafts(
            selectors.supervisors(),
            SUPERVISOR_KINDS[event],
            context={"case_reference": case.reference},
            case_id=case.pk,
            exclude=actor_id,
        )
    return messages_create(drafts=drafts) if drafts else []


def _reporter_key(case: Case, event: str) -> str:
    """What makes a reporter message of this event unique: the question or reply it carries,
    or the closing round (a reopened case closes again)."""
    message_kind = {
        CaseEvent.MORE_INFO_REQUESTED: ReportMessage.Kind.QUESTION,
        CaseEvent.REPLIED: ReportMessage.Kind.REPLY,
    }.get(event)
    if message_kind is None:
        return f"{case.pk}:{case.reopened}"
    latest = ReportMessage.objects.filter(report_id=case.report_id, kind=message_kind).aggregate(Max("pk"))[
        "pk__max"
    ]
    return f"{case.pk}:{latest or 0}:{case.reopened}"


def task_changed_notify(
    *,
    task_id: int,
    case_id: int | None,
    bureau_id: int | None,
    user_id: int | None,
    event: str,
    actor_id: int | None = None,
) -> list[Message]:
    """Officer, bureau-head and supervisor messages for a task event, and its live events.
    `case_id` is None for credit tasks of no case (red list); nobody is told of a task they
    gave themselves (`actor_id`)."""
    case = Case.objects.filter(pk=case_id).only("pk", "reference", "bureau_id").first() if case_id else None
    if case_id and case is None:
        return []
    role_queue = None
    if bureau_id is None:  # a task of a role's queue (triage, supervisors): nudge that queue
        permission = Task.objects.filter(pk=task_id).values_list("owner_permission", flat=True).first()
        role_queue = permission_group(permission) if permission in ROLE_QUEUES else None
    live_publish(
        [
            user_group(user_id) if user_id else None,
            bureau_group(bureau_id) if bureau_id else None,
            role_queue,
            case_group(case.pk) if case else None,
            *(supervision_groups(bureau_id) if event == TaskEvent.ESCALATION else []),
        ],
        f"task.{event}",
        task_id=task_id,
        case_id=case_id,
    )
    context = {"task_id": task_id}
    if case is not None:
        context["case_reference"] = case.reference
    recipients: list[int] = []
    kind = None
    if event in (TaskEvent.CREATED, TaskEvent.ASSIGNED):
        case_bureau_id = case.bureau_id if case else None
        kind = (
            Message.Kind.ASSISTANCE
            if selectors.is_assistance(
                task_id=task_id, case_bureau_id=case_bureau_id, task_bureau_id=bureau_id
            )
            else Message.Kind.TASK_NEW
        )
        if user_id:
            recipients = [user_id]
        elif event == TaskEvent.CREATED and bureau_id and bureau_id != case_bureau_id:
            # Another bureau's task (assistance, police referral, a measure to enforce, a
            # credit-office decision): its staff hear of it; the handling bureau's own queue
            # does not ring for each task.
            recipients = selectors.bureau_staff(bureau_id, [Officer.Role.OFFICER, Officer.Role.HEAD])
    elif event == TaskEvent.REMINDER:
        kind = Message.Kind.REMINDER
        if user_id:
            recipients = [user_id]
        elif bureau_id:
            recipients = selectors.bureau_staff(bureau_id, [Officer.Role.HEAD])
    elif event == TaskEvent.ESCALATION:
        kind = Message.Kind.ESCALATION
        recipients = selectors.supervisors()
    recipients = [uid for uid in recipients if uid != actor_id]
    if not recipients:
        return []
    return messages_create(drafts=_staff_drafts(recipients, kind, context=context, case_id=case_id))


def unassigned_check() -> list[Message]:
    """Tell the heads of every bureau whose unassigned tasks reached the threshold (once a day)."""
    threshold = settings.NOTIFICATIONS_UNASSIGNED_THRESHOLD
    today = timezone.localdate().isoformat()
    drafts: list[Draft] = []
    for bureau_id, count in sorted(selectors.unassigned_task_counts().items()):
        if count < threshold:
            continue
        heads = selectors.bureau_staff(bureau_id, [Officer.Role.HEAD])
        if not heads:
            logger.warning(
                "unassigned tasks pile up in a bureau without a head", extra={"bureau_id": bureau_id}
            )
        drafts += _staff_drafts(
            heads,
            Message.Kind.UNASSIGNED,
            context={"count": count, "threshold": threshold, "bureau_id": bureau_id},
            key=f"{bureau_id}:{today}",
        )
    return messages_create(drafts=drafts) if drafts else []


def overdue_digest() -> list[Message]:
    """The daily digest of overdue open cases to every supervisor (once a day, none if none)."""
    cases = selectors.overdue_cases()
    count = cases.count()
    if not count:
        return []
    limit = settings.NOTIFICATIONS_DIGEST_LIST
    listed = [
        {"reference": reference, "due": timezone.localtime(due).date().isoformat()}
        for reference, due in cases.values_list("reference", "due_at")[:limit]
    ]
    today = timezone.localdate().isoformat()
    context = {"count": count, "cases": listed, "more": max(count - limit, 0), "date": today}
    drafts = _staff_drafts(selectors.supervisors(), Message.Kind.DIGEST, context=context, key=today)
    return messages_create(drafts=drafts) if drafts else []


def repeat_alert_notify(*, alert_id: int) -> list[Message]:
    """A subject or number reported more than the policy allows: tell the staff of the area's
    lead bureau and every supervisor, once per alert."""

    alert = RepeatAlert.objects.select_related("area", "latest_report").filter(pk=alert_id).first()
    if alert is None:
        return []
    recipients = list(selectors.supervisors())
    lead = area_lead(alert.area) if alert.area else None
    if lead is not None:
        recipients += selectors.bureau_staff(lead.pk, [Officer.Role.OFFICER, Officer.Role.HEAD])
    case = Case.objects.filter(report_id=alert.latest_report_id).values_list("pk", "reference").first()
    context = {
        "mark_kind": alert.kind,
        "value": alert.value.split("|")[-1],
        "count": alert.report_count,
        "days": alert.days,
        "area_id": alert.area_id,
    }
    if case:
        context["case_reference"] = case[1]
    drafts = _staff_drafts(
        dict.fromkeys(recipients),
        Message.Kind.REPEAT_ALERT,
        context=context,
        case_id=case[0] if case else None,
        key=alert_id,
    )
    return messages_create(drafts=drafts) if drafts else []
