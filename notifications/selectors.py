"""Reads with a rule in them: who can be reached how, who is told, who may listen."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, QuerySet, Value, When
from django.db.models import Case as Conditional
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from intake.models import Report
from notifications.live import (
    ROLE_QUEUES,
    bureau_group,
    case_group,
    permission_group,
    supervision_group,
    user_group,
)
from notifications.models import Message, Notice
from supervision.selectors.access import supervision_scope
from workflow import process, registry
from workflow.models import Case, Officer
from workflow.permissions import TRIAGE_CASE, bureau_of_permission, bureau_permission
from workflow.selectors import case_get, officer_of, overdue_q

# Which channel answers a reporter, by how the report came in: the first the reporter left
# an address for. Anonymous web reporters without any contact get nothing (tracking page).
CHANNEL_PREFERENCE: dict[str, tuple[str, ...]] = {
    Report.Source.WECHAT: (Message.Channel.WECHAT, Message.Channel.SMS, Message.Channel.EMAIL),
    Report.Source.SMS: (Message.Channel.SMS, Message.Channel.EMAIL),
    Report.Source.HOTLINE: (Message.Channel.SMS, Message.Channel.EMAIL),
    Report.Source.EMAIL: (Message.Channel.EMAIL, Message.Channel.SMS),
    Report.Source.WEB: (Message.Channel.EMAIL, Message.Channel.SMS),
    Report.Source.OPEN311: (Message.Channel.EMAIL, Message.Channel.SMS),
}


def _present(field: str):
    # Encrypted fields store "" for no value, so emptiness is known without decrypting.
    return Conditional(
        When(**{field: ""}, then=Value(False)), default=Value(True), output_field=BooleanField()
    )


def reporter_reach(report_ids) -> list[dict]:
    """For each report: id, reference, language and the channel its reporter can be reached
    on (None when they left no way), decided without decrypting any contact detail."""
    rows = (
        Report.objects.filter(pk__in=list(report_ids))
        .annotate(
            has_email=_present("reporter_email"),
            has_phone=_present("reporter_phone"),
            has_wechat=_present("reporter_wechat_openid"),
        )
        .order_by("pk")
        .values("pk", "reference", "language", "source", "has_email", "has_phone", "has_wechat")
    )
    return _reach(rows)


def reporter_reach_of(report: Report) -> list[dict]:
    """`reporter_reach` of a report being stored in this process (no query: the instance is
    at hand, its contact details not yet encrypted)."""
    row = {
        "pk": report.pk,
        "reference": report.reference,
        "language": report.language,
        "source": report.source,
        "has_email": bool(report.reporter_email),
        "has_phone": bool(report.reporter_phone),
        "has_wechat": bool(report.reporter_wechat_openid),
    }
    return _reach([row])


def _reach(rows) -> list[dict]:
    result = []
    for row in rows:
        available = {
            Message.Channel.EMAIL: row["has_email"],
            Message.Channel.SMS: row["has_phone"],
            Message.Channel.WECHAT: row["has_wechat"],
        }
        channel = next((c for c in CHANNEL_PREFERENCE.get(row["source"], ()) if available.get(c)), None)
        result.append({**row, "channel": channel})
    return result


def case_reporters(case: Case) -> list[int]:
    """The reports whose reporters follow `case`: its own and those merged into it."""
    merged = Report.objects.filter(merged_into_id=case.report_id).values_list("pk", flat=True)
    return [case.report_id, *merged]


def staff_reach(user_ids) -> list[dict]:
    """Active staff among `user_ids` with whether they have an e-mail address."""
    return list(
        get_user_model()
        .objects.filter(pk__in=list(user_ids), is_active=True)
        .annotate(
            has_email=Conditional(
                When(email="", then=Value(False)), default=Value(True), output_field=BooleanField()
            )
        )
        .order_by("pk")
        .values("pk", "has_email")
    )


def bureau_staff(bureau_id: int, roles) -> list[int]:
    """Active users of `bureau_id` holding one of `roles`."""
    return list(
        Officer.objects.filter(bureau_id=bureau_id, role__in=list(roles), user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def case_handlers(case: Case) -> list[int]:
    """Who handles `case` now: the holders of its open tasks at the handling bureau or in
    triage, else the handling bureau's heads (an assisting bureau is not told)."""
    permissions = [TRIAGE_CASE]
    if case.bureau_id:
        permissions.append(bureau_permission(case.bureau_id))
    holders = list(
        Task.objects.filter(
            process__case=case,
            status=STATUS.ASSIGNED,
            flow_task_type="HUMAN",
            owner_permission__in=permissions,
        )
        .order_by("owner_id")
        .values_list("owner_id", flat=True)
        .distinct()
    )
    if holders or not case.bureau_id:
        return holders
    return bureau_staff(case.bureau_id, [Officer.Role.HEAD])


def supervisors() -> list[int]:
    """Active supervisors (civilisation office, credit office)."""
    return list(
        Officer.objects.filter(role=Officer.Role.SUPERVISOR, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def is_assistance(*, task_id: int, case_bureau_id: int | None, task_bureau_id: int | None) -> bool:
    """An assistance request (协办): the case flow's `assist` task for a bureau other than the
    handling one. A police referral or a measure to enforce at another bureau is not one."""
    if not (case_bureau_id and task_bureau_id) or case_bureau_id == task_bureau_id:
        return False
    return Task.objects.filter(pk=task_id, flow_task=process.ASSIST.ref).exists()


def unassigned_task_counts() -> dict[int, int]:
    """Open human tasks nobody has taken, per bureau (from their owner permission)."""
    rows = (
        Task.objects.filter(status=STATUS.NEW, owner__isnull=True, owner_permission__startswith="workflow.")
        .values_list("owner_permission")
        .order_by()
    )
    counts: Counter = Counter()
    for (permission,) in rows.iterator():
        bureau_id = bureau_of_permission(permission)
        if bureau_id is not None:
            counts[bureau_id] += 1
    return dict(counts)


def overdue_cases(now=None) -> QuerySet[Case]:
    """Overdue cases (`workflow.selectors.overdue_q`), most overdue first."""
    return Case.objects.filter(overdue_q(now)).order_by("due_at", "pk")


def notice_list(*, user) -> QuerySet[Notice]:
    """The user's own notices, newest first."""
    return Notice.objects.filter(user_id=user.pk).select_related("case")


def notice_tasks(notices) -> dict[int, tuple[str, str | None]]:
    """For the tasks the notices name: {task id: (title, page of a credit task or None)},
    in one query; titles translate in the reader's language."""
    ids = {notice.context.get("task_id") for notice in notices} - {None}
    found = {}
    for task in Task.objects.filter(pk__in=ids):
        try:
            found[task.pk] = (str(task.title or ""), registry.task_url(task))
        except Exception:  # a task of a flow class that no longer exists
            continue
    return found


def notice_unread_count(*, user) -> int:
    return Notice.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def live_groups_inbox(*, user) -> list[str]:
    """Groups the inbox socket of `user` listens to: their own, their bureau's queue, and the
    role queues they may take from (triage, supervisors' steps)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    groups = [user_group(user.pk)]
    officer = officer_of(user)
    if officer is not None and officer.role in (Officer.Role.OFFICER, Officer.Role.HEAD, Officer.Role.TRIAGE):
        groups.append(bureau_group(officer.bureau_id))
    groups += [permission_group(permission) for permission in ROLE_QUEUES if user.has_perm(permission)]
    return groups


def live_groups_case(*, user, reference: str) -> list[str]:
    """The case page's group, only if `user` may see the case (the views' selector)."""
    case = case_get(user=user, reference=reference)
    return [case_group(case.pk)] if case else []


def live_groups_supervision(*, user) -> list[str]:
    """The dashboard's group for what `user` may see there (`supervision_scope`, as the
    pages): every bureau's for supervisors, their own bureau's for its heads."""
    scope = supervision_scope(user)
    return [] if scope is None else [supervision_group(scope.bureau_id)]
