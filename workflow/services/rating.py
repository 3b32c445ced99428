"""The reporter's time to rate the handling after the reply (回访).

The rules set no such period: it is the `rating-period` policy, applied and announced only once
the city adopted it. Until then a case waiting for the rating is not closed for the reporter's
silence: its timer waits at `NO_RATING_DEADLINE`, and the adoption gives the waiting cases the
adopted period, counted from the adoption.
"""

import datetime

from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from intake import policies
from intake.models import PolicyVersion
from intake.policies import rating_period_days
from intake.services import report_status_set
from workflow import deadlines
from workflow.models import Case
from workflow.services.tasks import case_of

# A timer that never falls due (far enough that no time zone takes it past year 9999).
NO_RATING_DEADLINE = datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)


def rating_due(*, case: Case, start: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the reporter's time to rate ends, counted from `start` (default now); None while the
    city adopted no period."""
    days = rating_period_days(area=case.area)
    return deadlines.working_days_due(days, start=start) if days else None


def rating_deadline(*, activation) -> datetime.datetime:
    """The moment the wait for the rating times out: the adopted period, else never."""
    return rating_due(case=case_of(activation)) or NO_RATING_DEADLINE


def rating_timers_reschedule(*, version_id: int) -> int:
    """After a rating period was adopted: each case waiting for a rating without a period gets
    the period now, counted from today (its reporter was told none). Returns how many."""
    version = PolicyVersion.objects.select_related("policy").get(pk=version_id)
    if version.policy.key != policies.RATING_PERIOD:
        return 0
    now, moved = timezone.now(), 0
    timers = Task.objects.filter(
        flow_task_type="TIMER", status=STATUS.SCHEDULED, scheduled=NO_RATING_DEADLINE
    )
    for timer in timers.select_related("process"):
        case = Case.objects.select_related("area", "report").filter(process_id=timer.process_id).first()
        due = rating_due(case=case, start=now) if case is not None else None
        if due is None:
            continue
        Task.objects.filter(pk=timer.pk, status=STATUS.SCHEDULED).update(scheduled=due)
        Case.objects.filter(pk=case.pk).update(due_at=due)
        report_status_set(report=case.report, status=case.report.status, expected_at=due)
        moved += 1
    return moved
