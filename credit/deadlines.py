"""When credit's tasks fall due: the workflow's working-day deadline policies, per area.

The step-deadline policy has steps for publication and enforcement. Credit repair and red-list
decisions have none of their own yet: the lead bureau's review is timed like confirming a
measure, and the credit office's decisions like any supervising office's decision.
"""

import datetime

from intake.models import Area
from workflow.deadlines import due_at, escalation_at
from workflow.models import Step

PUBLISH = Step.PUBLICATION
ENFORCE = Step.ENFORCEMENT
REPAIR_REVIEW = Step.ENFORCEMENT
CREDIT_OFFICE_DECISION = Step.SUPERVISOR

# A timer fires just after the due moment, so "overdue" means overdue.
_GRACE = datetime.timedelta(seconds=1)


def step_due(step: str, *, area: Area | None, start: datetime.datetime | None = None) -> datetime.datetime:
    """The end of the last working day allowed for `step` in `area`, counted from `start`."""
    return due_at(step, area=area, start=start)


def reminder_at(due: datetime.datetime) -> datetime.datetime:
    """When the holder of an open task is reminded (催办)."""
    return due + _GRACE


def supervisor_alert_at(due: datetime.datetime, *, area: Area | None) -> datetime.datetime:
    """When supervisors are alerted about a task still open (督办)."""
    return escalation_at(due, area=area) + _GRACE
