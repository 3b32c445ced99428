"""What the workflow tells higher apps (credit, notifications). All are sent after commit."""

from django.dispatch import Signal

# A case changed. kwargs: case_id: int, event: str (a CaseEvent value), actor_id: int | None.
case_changed = Signal()

# A human task appeared, was assigned, or fell due. kwargs: task_id: int (viewflow Task pk),
# case_id: int | None (None for credit's red-list tasks), bureau_id: int | None, user_id: int | None (the assignee), event: str
# (a TaskEvent value), actor_id: int | None (the officer whose action created or assigned the
# task, e.g. who took it or finished the step before it; None for timers and the system).
# bureau_id is the bureau whose staff may take the task; it is None for
# tasks that go by role ("workflow.triage_case": the complaint centre, "workflow.supervise_case":
# supervisors), whose owner_permission on the Task row says who may take them.
task_changed = Signal()

# A case's personal data was purged under the retention policy (workflow.services.retention).
# kwargs: case_id: int, report_ids: list[int] (its report and those merged into it). Higher
# apps delete their own copies (message texts, addresses).
case_purged = Signal()


class CaseEvent:
    RECEIVED = "received"
    MORE_INFO_REQUESTED = "more_info_requested"
    REPORTER_INFO = "reporter_info"  # the reporter answered a question or added information
    REJECTED = "rejected"
    MERGED = "merged"
    EMERGENCY = "emergency"
    DISPATCHED = "dispatched"
    SIGNED = "signed"
    RETURNED = "returned"
    PLACED = "placed"
    ASSISTANCE_REQUESTED = "assistance_requested"
    ASSISTANCE_ANSWERED = "assistance_answered"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_DECIDED = "extension_decided"
    DECIDED = "decided"
    REPLIED = "replied"
    RATED = "rated"
    DISPUTED = "disputed"
    REOPENED = "reopened"
    CLOSED = "closed"


class TaskEvent:
    CREATED = "created"
    ASSIGNED = "assigned"
    REMINDER = "reminder"  # 催办: the assignee's task passed its deadline
    ESCALATION = "escalation"  # 督办: still overdue days later; supervisors are alerted
