"""Completing credit's human tasks from code, and telling others about them.

viewflow's own views check who may take and execute a task; calling an activation from code
does not, so `task_complete` makes the same checks itself.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflow.permissions import bureau_of_permission
from workflow.services.tasks import task_actor_id
from workflow.signals import TaskEvent, task_changed

OPEN_STATUSES = (STATUS.NEW, STATUS.ASSIGNED)


class TaskUnavailable(Exception):
    """There is no open task of that step: it was done, cancelled, or never created."""


def task_bureau_id(task: Task) -> int | None:
    """The bureau whose officers may take `task`, read from its owner permission."""
    return bureau_of_permission(task.owner_permission)


def user_may_do(user, task: Task) -> bool:
    """Whether `user` holds the task, or may take it because it waits for their bureau."""
    if not getattr(user, "is_authenticated", False) or task.status not in OPEN_STATUSES:
        return False
    node = task.flow_task
    if task.owner_id:
        return node.can_execute(user, task)
    return node.can_assign(user, task)


def open_task(*, process_id: int | None, node) -> Task | None:
    if process_id is None:
        return None
    return (
        Task.objects.filter(process_id=process_id, flow_task=node, status__in=OPEN_STATUSES)
        .select_related("process")
        .first()
    )


def task_complete(*, process_id: int | None, node, user, work: Callable[[Task], None]) -> Task:
    """Take the open `node` task of the process for `user`, run `work(task)`, finish the task.

    Raises TaskUnavailable when there is no open task, PermissionDenied when the user may
    neither execute it (it is theirs) nor take it (it waits for their bureau). Nothing
    changes when `work` raises.
    """
    if process_id is None:
        raise TaskUnavailable
    with node.flow_class.lock(process_id), transaction.atomic():
        task = open_task(process_id=process_id, node=node)
        if task is None:
            raise TaskUnavailable
        if not user_may_do(user, task):
            raise PermissionDenied
        activation = node.activation_class(task)
        if task.owner_id is None:
            activation.assign(user)
        activation.start(None)
        work(task)
        activation.execute()
        return task


def task_announce(*, task: Task, case_id: int | None, event: str) -> None:
    """Send workflow's task_changed for a credit task once the transaction commits (with the
    officer whose finished step opened it as actor_id, None for timers and the system)."""

    bureau_id = task_bureau_id(task)
    task_id, user_id = task.pk, task.owner_id
    actor_id = task_actor_id(task) if event == TaskEvent.CREATED else None

    def send() -> None:
        task_changed.send(
            sender=Task,
            task_id=task_id,
            case_id=case_id,
            bureau_id=bureau_id,
            user_id=user_id,
            event=event,
            actor_id=actor_id,
        )

    transaction.on_commit(send)


def task_overdue(*, process, artifact, case_id: int | None, event: str) -> Task | None:
    """A timer found the process's human task still open: note it and remind or escalate."""
    task = (
        Task.objects.filter(process=process, flow_task_type="HUMAN", status__in=OPEN_STATUSES)
        .order_by("-pk")
        .first()
    )
    if task is None:
        return None
    field = "reminded_at" if event == TaskEvent.REMINDER else "escalated_at"
    type(artifact).objects.filter(pk=artifact.pk).update(**{field: timezone.now()})
    task_announce(task=task, case_id=case_id, event=event)
    return task
