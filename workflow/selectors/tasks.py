"""Human tasks a user may see or take: inbox, queue and the tasks of a case.

Every human task carries an owner permission ("workflow.triage_case",
"workflow.supervise_case" or "workflow.handle_bureau_<id>"), so the queue is a plain
`owner_permission IN (...)` on an indexed column: no `IS NULL` or owner branch (see bench/workflow.py).
"""

import re

from django.db.models import Q, QuerySet
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflow import registry
from workflow.models import Case
from workflow.permissions import ROLE_TASK_PERMISSIONS
from workflow.selectors.cases import Access, case_access

_BUREAU_TASK_PERMISSION = re.compile(r"^workflow\.handle_bureau_\d+$")
HUMAN = "HUMAN"


def task_permissions(user) -> list[str]:
    """The owner permissions of the tasks `user` may take: their role's and their bureau's."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return sorted(
        permission
        for permission in user.get_all_permissions()
        if permission in ROLE_TASK_PERMISSIONS or _BUREAU_TASK_PERMISSION.match(permission)
    )


def _workbench_tasks(flows=None) -> QuerySet[Task]:
    """Human tasks of `flows`, by default the workbench's: the case flow and those higher
    apps registered (workflow.registry), e.g. credit's publication and enforcement tasks.

    Told by the task's own `flow_task` column: a filter on `process__flow_class` joins
    viewflow_process, and at a million cases PostgreSQL hashed the whole process table to
    count a queue of a few thousand tasks (bench/workflow.py)."""
    nodes = [
        node
        for flow_class in (registry.task_flows() if flows is None else flows)
        for node in flow_class.instance.nodes()
        if node.task_type == HUMAN
    ]
    return Task.objects.filter(flow_task_type=HUMAN, flow_task__in=nodes)


def _may_take(user) -> Q:
    """Who may take a task, for any registered flow: an unassigned task waiting under one of
    the user's task permissions (their role's or their bureau's); any for an administrator."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q(status=STATUS.NEW)
    return Q(status=STATUS.NEW, owner_permission__in=task_permissions(user))


def _holds(user) -> Q:
    return Q(status=STATUS.ASSIGNED, owner=user)


def _for_lists(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related(
        "process", "process__case", "process__case__area", "process__case__bureau", "owner"
    )


def _queue(user) -> QuerySet[Task]:
    return _workbench_tasks().filter(_may_take(user))


def task_queue(*, user) -> QuerySet[Task]:
    """Unassigned open tasks `user` may take (their bureau's or their role's), newest first."""
    return _for_lists(_queue(user)).order_by("-created")


def task_inbox(*, user) -> QuerySet[Task]:
    """Open tasks assigned to `user`, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    return _for_lists(_workbench_tasks().filter(_holds(user))).order_by("-created")


def task_archive(*, user) -> QuerySet[Task]:
    """Tasks `user` completed, most recent first."""
    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    return _for_lists(_workbench_tasks().filter(status=STATUS.DONE, owner=user)).order_by("-finished")


def task_counts(*, user) -> dict[str, int]:
    """Menu badges: tasks in the inbox and in the queue (two indexed counts)."""
    if not getattr(user, "is_authenticated", False):
        return {"inbox": 0, "queue": 0}
    return {
        "inbox": _workbench_tasks().filter(_holds(user)).count(),
        "queue": _queue(user).count(),
    }


def tasks_open_for(*, user, flows) -> QuerySet[Task]:
    """Open human tasks of `flows` that `user` holds or may take (the inbox and the queue of
    those flows), oldest first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Task.objects.none()
    return (
        _workbench_tasks(flows)
        .filter(_holds(user) | _may_take(user))
        .select_related("process", "owner")
        .order_by("created", "pk")
    )


def task_visible(*, user, task: Task) -> bool:
    """Whether `user` may look at `task`: the case in full, or a participant's own task."""
    case = Case.objects.filter(process_id=task.process_id).select_related(None).first()
    if case is None:
        return False
    access = case_access(user=user, case=case)
    if access == Access.FULL:
        return True
    return access == Access.PARTICIPANT and task.owner_permission in task_permissions(user)


def case_open_tasks(*, case: Case, user=None, access: Access = Access.FULL) -> QuerySet[Task]:
    """The open human tasks of a case; a participant sees only the tasks of its bureau."""
    tasks = (
        Task.objects.filter(
            process_id=case.process_id, flow_task_type=HUMAN, status__in=[STATUS.NEW, STATUS.ASSIGNED]
        )
        .select_related("owner")
        .order_by("created", "pk")
    )
    if access != Access.FULL:
        tasks = tasks.filter(owner_permission__in=task_permissions(user))
    return tasks
