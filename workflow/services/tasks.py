"""Human tasks: their deadlines, owners and permissions, reminders and escalations.

Viewflow's `assign()`/`execute()` do not check permissions when called from code, so every
function here checks `can_assign`/`can_execute` (or the head's permission) first.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from intake.models import Bureau, Report
from intake.services import report_status_set
from workflow import deadlines, process
from workflow.models import Case, HistoryEntry, Officer
from workflow.permissions import bureau_of_permission, bureau_permission
from workflow.selectors.cases import POLICE_BUREAU_CODE
from workflow.services.records import task_event
from workflow.signals import TaskEvent

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def case_of(activation) -> Case:
    """The case of an activation's process, read fresh (the flow holds the process lock)."""
    return Case.objects.select_related("area", "bureau", "report").get(process_id=activation.process.pk)


def task_due(task) -> datetime.datetime | None:
    """The deadline stored on a human task when it was created."""
    value = (task.data or {}).get("due_at")
    return datetime.datetime.fromisoformat(value) if value else None


def decision_of(activation) -> str:
    """The decision recorded by the task that led to this gateway."""
    previous = activation.task.previous.all().first()
    return (previous.data or {}).get("decision", "") if previous else ""


GATEWAYS = frozenset({"SWITCH", "EXCLUSIVE_GATEWAY", "PARALLEL_GATEWAY", "JOIN"})


def task_actor_id(task: Task) -> int | None:
    """Who opened `task` by finishing a human task just before it (through gateways only);
    None when a timer, the reporter or the system opened it."""
    current = task
    for _step in range(8):
        previous = sorted(current.previous.all(), key=lambda t: (t.finished or t.created, t.pk), reverse=True)
        if not previous:
            return None
        current = previous[0]
        if current.flow_task_type == "HUMAN":
            return current.owner_id if current.status == STATUS.DONE else None
        if current.flow_task_type not in GATEWAYS:
            return None
    return None


def task_open(*, activation) -> None:
    """A human task was created: store its deadline, move the case's stage and due date,
    and tell listeners (after commit)."""
    task, case = activation.task, case_of(activation)
    spec = process.HUMAN_NODES[activation.flow_task.name]
    if spec.step == process.INVESTIGATION:
        if case.investigation_due_at is None:
            case.investigation_due_at = deadlines.due_at(deadlines.Step.INVESTIGATE, area=case.area)
        due = case.investigation_due_at
    else:
        due = deadlines.due_at(spec.step, area=case.area)
    task.data["due_at"] = due.isoformat()
    task.save(update_fields=["data"])
    if spec.main_path:
        case.due_at = due
        if spec.stage:
            case.stage = spec.stage
        case.save(update_fields=["due_at", "stage", "investigation_due_at", "updated_at"])
    if spec is process.TRIAGE and case.report.status == Report.Status.HANDLING:
        report_status_set(report=case.report, status=Report.Status.TRIAGE)  # returned by a bureau
    bureau_id = bureau_of_permission(task.owner_permission)
    actor_id = task_actor_id(task)
    task_event(
        task=task,
        case=case,
        event=TaskEvent.CREATED,
        bureau_id=bureau_id,
        user_id=task.owner_id,
        actor_id=actor_id,
    )
    if task.owner_id:
        task_event(
            task=task,
            case=case,
            event=TaskEvent.ASSIGNED,
            bureau_id=bureau_id,
            user_id=task.owner_id,
            actor_id=actor_id,
        )


def previous_owner(*, activation, nodes: list[str]):
    """Who last completed one of `nodes` in this case and may still take the new task (holds
    its permission, so the bureau is respected); None leaves the task in the queue."""
    flow_class = activation.flow_class
    previous = (
        Task.objects.filter(
            process_id=activation.process.pk,
            flow_task__in=[getattr(flow_class, name) for name in nodes],
            status=STATUS.DONE,
            owner__isnull=False,
        )
        .select_related("owner")
        .order_by("-finished", "-pk")[:10]
    )
    permission = activation.task.owner_permission
    for task in previous:
        if task.owner.is_active and task.owner.has_perm(permission):
            return task.owner
    return None


def handling_bureau_permission(*, activation) -> str:
    """Owner permission for tasks of the case's handling bureau."""
    bureau_id = (
        Case.objects.filter(process_id=activation.process.pk).values_list("bureau_id", flat=True).get()
    )
    if bureau_id is None:
        raise ValueError("a bureau task was created for a case with no handling bureau")
    return bureau_permission(bureau_id)


def assisting_bureau_permission(*, activation) -> str:
    return bureau_permission(activation.task.data["bureau_id"])


def police_bureau() -> Bureau:
    return Bureau.objects.get(code=POLICE_BUREAU_CODE)


def police_bureau_permission() -> str:
    return bureau_permission(police_bureau().pk)


# Deadline timers (催办 / 督办) -----------------------------------------------------------


def _host_task(boundary_task):
    """The human task a timer boundary task is attached to."""
    return boundary_task.previous.select_related("process").first()


def reminder_at(*, activation) -> datetime.datetime:
    """When the reminder boundary of a task fires: the task's deadline."""
    return task_due(_host_task(activation.task)) or timezone.now()


def escalation_at(*, activation) -> datetime.datetime:
    """When supervisors are alerted: ESCALATION working days after the task's deadline."""
    host = _host_task(activation.task)
    area = Case.objects.select_related("area").get(process_id=host.process_id).area
    return deadlines.escalation_at(task_due(host) or timezone.now(), area=area)


def _overdue_task(activation):
    """The still-open human task whose timer led to this Function task."""
    timer = activation.task.previous.first()
    host = _host_task(timer) if timer else None
    if host is None or host.status not in OPEN:
        return None
    return host


def task_remind(*, activation) -> None:
    """A task passed its deadline: remind its assignee, or its bureau's queue (催办)."""
    host = _overdue_task(activation)
    if host is None:
        return
    case = case_of(activation)
    Case.objects.filter(pk=case.pk).update(reminders=F("reminders") + 1)
    bureau_id = bureau_of_permission(host.owner_permission)
    HistoryEntry.objects.create(
        case=case,
        event=HistoryEntry.Event.REMINDER,
        note=str(host.flow_task.task_title),
        task_id=host.pk,
        bureau_id=bureau_id,
    )
    task_event(task=host, case=case, event=TaskEvent.REMINDER, bureau_id=bureau_id, user_id=host.owner_id)


def task_escalate(*, activation) -> None:
    """A task is still open days after its deadline: alert supervisors (督办)."""
    host = _overdue_task(activation)
    if host is None:
        return
    case = case_of(activation)
    Case.objects.filter(pk=case.pk).update(escalations=F("escalations") + 1)
    bureau_id = bureau_of_permission(host.owner_permission)
    HistoryEntry.objects.create(
        case=case,
        event=HistoryEntry.Event.ESCALATION,
        note=str(host.flow_task.task_title),
        task_id=host.pk,
        bureau_id=bureau_id,
    )
    task_event(task=host, case=case, event=TaskEvent.ESCALATION, bureau_id=bureau_id, user_id=host.owner_id)


# Taking, releasing and reassigning tasks -------------------------------------------------


def _locked(task_id: int):
    task = Task.objects.select_related("process").get(pk=task_id)
    return task.flow_task.flow_class.lock(task.process_id)


def _case_of_task(task) -> Case:
    return Case.objects.get(process_id=task.process_id)


def task_take(*, task: Task, user) -> None:
    """`user` takes an unassigned task from their queue. Raises PermissionDenied if they may not."""
    with _locked(task.pk), transaction.atomic():
        task.refresh_from_db()
        activation = task.flow_task.activation_class(task)
        if not (activation.assign.can_proceed() and task.flow_task.can_assign(user, task)):
            raise PermissionDenied(_("This task cannot be taken by you."))
        activation.assign(user)
        _assigned(task, user, actor=user)


def task_release(*, task: Task, user) -> None:
    """The assignee puts a task back in the queue of its bureau."""
    with _locked(task.pk), transaction.atomic():
        task.refresh_from_db()
        activation = task.flow_task.activation_class(task)
        if not (activation.unassign.can_proceed() and task.owner_id == user.pk):
            raise PermissionDenied(_("Only the assignee can put this task back."))
        activation.unassign()


def task_reassign(*, task: Task, user, assignee) -> None:
    """A bureau head gives an open task of their bureau to another of its officers."""
    bureau_id = bureau_of_permission(task.owner_permission)
    if bureau_id is None or not user.has_perm(bureau_permission(bureau_id, "head")):
        raise PermissionDenied(_("Only the head of the bureau can reassign its tasks."))
    if not Officer.objects.filter(
        user=assignee,
        bureau_id=bureau_id,
        role__in=[Officer.Role.OFFICER, Officer.Role.HEAD],
        user__is_active=True,
    ).exists():
        raise ValidationError({"assignee": [_("Choose an active officer of this bureau.")]})
    with _locked(task.pk), transaction.atomic():
        task.refresh_from_db()
        activation = task.flow_task.activation_class(task)
        if task.status == STATUS.NEW and activation.assign.can_proceed():
            activation.assign(assignee)
        elif task.status == STATUS.ASSIGNED and activation.reassign.can_proceed():
            activation.reassign(user=assignee)
        else:
            raise ValidationError({"assignee": [_("This task is no longer open.")]})
        _assigned(task, assignee, actor=user)


def _assigned(task, assignee, *, actor) -> None:
    case = _case_of_task(task)
    if task.flow_task.name == process.TRIAGE.name and case.report.status == Report.Status.RECEIVED:
        report_status_set(report=case.report, status=Report.Status.TRIAGE)  # someone is looking at it
    bureau_id = bureau_of_permission(task.owner_permission)
    HistoryEntry.objects.create(
        case=case,
        event=HistoryEntry.Event.ASSIGNED,
        actor=actor,
        bureau_id=bureau_id,
        task_id=task.pk,
        note=f"{task.flow_task.task_title}: {assignee.get_username()}",
    )
    task_event(
        task=task,
        case=case,
        event=TaskEvent.ASSIGNED,
        bureau_id=bureau_id,
        user_id=assignee.pk,
        actor_id=actor.pk,
    )


@contextmanager
def task_activation(*, task: Task, user) -> Iterator:
    """Lock the process and start `task` for `user` (taking it first when it is in their
    queue), as the workbench does; for code paths outside a view (demo data, tests)."""
    if task.status == STATUS.NEW:
        task_take(task=task, user=user)
    with _locked(task.pk), transaction.atomic():
        task.refresh_from_db()
        activation = task.flow_task.activation_class(task)
        if not task.flow_task.can_execute(user, task):
            raise PermissionDenied(_("This task is not assigned to you."))
        activation.start(None)
        yield activation
