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
from django.utils.translation import gettext as _

from intake import policies
from intake.models import Area
from intake.policies import policy_in_use, policy_value_check
from workflow.models import CalendarDay, Step

logger = logging.getLogger(__name__)


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
DAYS_MAX = 60


class DeadlineMissing(LookupError):
    """No policy gives the working days of a step (the system check reports it)."""


def step_days(step: str, *, area_days: dict | None, citywide_days: dict | None) -> int:
    """The one rule for a step's working days: the area's step-deadline policy, else the city's;
    publication is the rules' 7 working days, which an area may shorten but never exceed."""
    days = (area_days or {}).get(step)
    if days is None:
        days = (citywide_days or {}).get(step)
    if step == Step.PUBLICATION:
        return min(days or PUBLICATION_DAYS, PUBLICATION_DAYS)
    if days is None:
        raise DeadlineMissing(f"no step-deadline policy gives the working days of {step!r}")
    return days


def policy_days(step: str, area: Area | None = None) -> int:
    """Working days for `step` in `area` from the step-deadline policies in use (adopted, else
    the newest draft, labelled as one on the supervisors' policy page)."""
    area_days = None
    if area is not None:
        in_use = policy_in_use(policies.STEP_DEADLINES, area=area)
        if in_use is not None and in_use.version.policy.area_id == area.pk:
            area_days = in_use.value
    citywide = policy_in_use(policies.STEP_DEADLINES)
    return step_days(step, area_days=area_days, citywide_days=citywide.value if citywide else None)


@policy_value_check(policies.STEP_DEADLINES)
def _step_deadlines_check(policy, value) -> list[str]:
    """Whole working days per step; the city-wide policy names every step but publication."""
    if not isinstance(value, dict):
        return [_('Give the working days per step, e.g. {"investigate": 15}.')]
    errors = []
    for step, days in value.items():
        if step not in Step.values:
            errors.append(_("%(step)s is not a step.") % {"step": step})
        elif not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= DAYS_MAX:
            errors.append(_("%(step)s: give 1 to %(n)d working days.") % {"step": step, "n": DAYS_MAX})
        elif step == Step.PUBLICATION and days > PUBLICATION_DAYS:
            errors.append(_("The rules publish a penalty within 7 working days: no more."))
    if policy.area_id is None:
        missing = sorted(set(Step.values) - {Step.PUBLICATION} - set(value))
        if missing:
            errors.append(
                _("The city-wide deadlines name every step; missing: %(steps)s.")
                % {"steps": ", ".join(missing)}
            )
    return errors


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def due_at(
    step: str, *, area: Area | None = None, start: datetime.datetime | None = None
) -> datetime.datetime:
    """When `step` started at `start` (default now) falls due: the end of its last working day."""
    return working_days_due(policy_days(step, area), start=start)


def working_days_due(days: int, *, start: datetime.datetime | None = None) -> datetime.datetime:
    """The end of the `days`-th working day after `start` (default now)."""
    start = timezone.localtime(start or timezone.now())
    return end_of_day(working_days_add(start.date(), days))


def escalation_at(due: datetime.datetime, *, area: Area | None = None) -> datetime.datetime:
    """When a task still open past `due` is brought to a supervisor (督办)."""
    return end_of_day(working_days_add(timezone.localtime(due).date(), policy_days(Step.ESCALATION, area)))
