"""The reporter's two periods: to answer the complaint centre's question (补充材料), and to rate
the handling after the reply (回访).

The rules set neither: each is a policy (`answer-period`, `rating-period`), applied and
announced only once the city adopted it. Until then a case waiting for its reporter is not
closed for the reporter's silence: the timer of the waiting node waits at `NO_PERIOD`, and
the adoption gives the waiting cases the adopted period, counted from the adoption.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from intake import policies
from intake.models import Area, PolicyVersion
from intake.policies import answer_period_days, rating_period_days
from intake.services import report_answer_due_set, report_status_set
from workflow import deadlines
from workflow.models import Case
from workflow.process import AWAIT_RATING, AWAIT_REPORTER, node_ref
from workflow.services.tasks import case_of

# A timer that never falls due (far enough that no time zone takes it past year 9999).
NO_PERIOD = datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class ReporterPeriod:
    """A period the reporter is given, the policy that sets it and the node that waits."""

    key: str
    node: str  # the flow node waiting for the reporter; its timer closes the case
    days: Callable[..., int | None]  # days(area=...): the adopted working days or None


ANSWER = ReporterPeriod(policies.ANSWER_PERIOD, AWAIT_REPORTER, answer_period_days)
RATING = ReporterPeriod(policies.RATING_PERIOD, AWAIT_RATING, rating_period_days)
PERIODS = {period.key: period for period in (ANSWER, RATING)}


def _due(period: ReporterPeriod, area: Area | None, start: datetime.datetime | None):
    days = period.days(area=area)
    return deadlines.working_days_due(days, start=start) if days else None


def answer_due(*, case: Case, start: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the reporter's time to answer the question ends, counted from `start` (default
    now); None while the city adopted no period."""
    return _due(ANSWER, case.area, start)


def rating_due(*, case: Case, start: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the reporter's time to rate ends, counted from `start` (default now); None while the
    city adopted no period."""
    return _due(RATING, case.area, start)


def answer_deadline(*, activation) -> datetime.datetime:
    """The moment the wait for the answer times out: the adopted period, else never."""
    return answer_due(case=case_of(activation)) or NO_PERIOD


def rating_deadline(*, activation) -> datetime.datetime:
    """The moment the wait for the rating times out: the adopted period, else never."""
    return rating_due(case=case_of(activation)) or NO_PERIOD


def period_announce(*, period: ReporterPeriod, case: Case, due: datetime.datetime | None) -> None:
    """The case's current step falls due at `due` (None: no period), and the reporter's page
    says so: the date to answer by, or the date the case is expected closed."""
    Case.objects.filter(pk=case.pk).update(due_at=due)
    case.due_at = due
    if period is ANSWER:
        report_answer_due_set(report=case.report, due_at=due)
    else:
        report_status_set(
            report=case.report, status=case.report.status, expected_at=due, expected_unknown=due is None
        )


def parked_timers_reschedule(*, version_id: int) -> int:
    """After a reporter's period was adopted: each case waiting for its reporter without a
    period gets the period now, counted from now (its reporter was told none). Returns how many."""
    version = PolicyVersion.objects.select_related("policy").get(pk=version_id)
    period = PERIODS.get(version.policy.key)
    if period is None:
        return 0
    now, moved = timezone.now(), 0
    timers = Task.objects.filter(
        flow_task_type="TIMER",
        status=STATUS.SCHEDULED,
        scheduled=NO_PERIOD,
        previous__flow_task=node_ref(period.node),
    )
    for timer in timers.distinct():
        case = Case.objects.select_related("area", "report").filter(process_id=timer.process_id).first()
        due = _due(period, case.area, now) if case is not None else None
        if due is None:
            continue
        Task.objects.filter(pk=timer.pk, status=STATUS.SCHEDULED).update(scheduled=due)
        period_announce(period=period, case=case, due=due)
        moved += 1
    return moved
