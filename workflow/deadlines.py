"""Deadlines in working days on the Chinese calendar.

chinese-calendar knows holidays and make-up working days for the years published so far.
For later years (or any day an administrator overrides) the CalendarDay table decides, and
beyond that weekdays count as working days; a system check warns the administrator when the
package does not cover the coming year.
"""

import datetime
import logging
from functools import lru_cache

import chinese_calendar
from django.utils import timezone

from intake import policies
from intake.models import Area
from intake.policies import policy_in_use
from workflow.models import CalendarDay, DeadlinePolicy

logger = logging.getLogger(__name__)

Step = DeadlinePolicy.Step


@lru_cache(maxsize=64)
def package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day"))


def _is_working_day(day: datetime.date, overrides: dict[datetime.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    if package_covers(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    return _is_working_day(day, _overrides(day, day))


def working_days_add(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself not counted)."""
    # Holidays never span more than about two weeks, so 3x + 30 days is always enough.
    overrides = _overrides(start, start + datetime.timedelta(days=days * 3 + 30))
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if _is_working_day(day, overrides):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += _is_working_day(day, overrides)
    return count


# Rules, part 3(1)3: penalty decisions are published within 7 working days.
PUBLICATION_DAYS = 7


def policy_days(step: str, area: Area | None = None) -> int:
    """Working days for `step` in `area`: the area's deadline row, else the city's step-deadline
    policy (adopted, else its draft), else the built-in value. Publication never exceeds the
    rules' 7 working days."""
    days = None
    if area is not None:
        days = (
            DeadlinePolicy.objects.filter(step=step, area=area).values_list("working_days", flat=True).first()
        )
    if days is None:
        in_use = policy_in_use(policies.STEP_DEADLINES)
        days = in_use.value.get(step) if in_use is not None else None
    if days is None:
        days = DeadlinePolicy.DEFAULTS[step]
    if step == Step.PUBLICATION:
        days = min(days, PUBLICATION_DAYS)
    return days


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def due_at(
    step: str, *, area: Area | None = None, start: datetime.datetime | None = None
) -> datetime.datetime:
    """When `step` started at `start` (default now) falls due: the end of its last working day."""
    start = timezone.localtime(start or timezone.now())
    return end_of_day(working_days_add(start.date(), policy_days(step, area)))


def escalation_at(due: datetime.datetime, *, area: Area | None = None) -> datetime.datetime:
    """When a task still open past `due` is brought to a supervisor (督办)."""
    return end_of_day(working_days_add(timezone.localtime(due).date(), policy_days(Step.ESCALATION, area)))
