"""Working days and deadlines for many cases at once.

`workflow.deadlines` answers one question with a query or two; computing facts for a
million cases needs the same answers from memory. `WorkCalendar` numbers the working days
(ordinal = working days up to and including a date) using the same rule as
`workflow.deadlines` (CalendarDay overrides, then chinese-calendar, then weekdays) and the
same deadline policies; tests hold the two to the same results.
"""

import datetime
import threading
import time

import chinese_calendar
from django.utils import timezone

from intake.policies import STEP_DEADLINES, policies_in_use
from workflow.deadlines import end_of_day, package_covers, step_days
from workflow.models import CalendarDay

FIRST_DAY = datetime.date(2018, 1, 1)  # before the first campaign of the rules
CACHE_SECONDS = 600


class WorkCalendar:
    """Working-day arithmetic over [start, end] with the deadline policies in memory."""

    def __init__(
        self,
        start: datetime.date,
        end: datetime.date,
        overrides: dict[datetime.date, bool],
        policies: dict[int | None, dict],
    ):
        self.start, self.end = start, end
        self.policies = policies  # area id (None: city-wide) -> working days per step
        self._ordinals: list[int] = []
        self._working: list[bool] = []
        self.workdays: list[datetime.date] = []  # workdays[k] has ordinal k + 1
        count = 0
        day = start
        while day <= end:
            working = _is_working_day(day, overrides)
            if working:
                count += 1
                self.workdays.append(day)
            self._ordinals.append(count)
            self._working.append(working)
            day += datetime.timedelta(days=1)

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def ordinal(self, day: datetime.date) -> int:
        """Working days from the calendar's start up to and including `day`."""
        return self._ordinals[(day - self.start).days]

    def is_working_day(self, day: datetime.date) -> bool:
        return self._working[(day - self.start).days]

    def add(self, day: datetime.date, days: int) -> datetime.date:
        """Same as workflow.deadlines.working_days_add."""
        if days <= 0:
            return day
        return self.workdays[self.ordinal(day) + days - 1]

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Same as workflow.deadlines.working_days_between."""
        if end <= start:
            return 0
        return self.ordinal(end) - self.ordinal(start)

    def policy_days(self, step: str, area_id: int | None) -> int:
        """Same as workflow.deadlines.policy_days."""
        area_days = self.policies.get(area_id) if area_id is not None else None
        return step_days(step, area_days=area_days, citywide_days=self.policies.get(None))

    def due(self, step: str, area_id: int | None, start: datetime.datetime) -> datetime.datetime:
        """Same as workflow.deadlines.due_at."""
        day = timezone.localtime(start).date()
        return end_of_day(self.add(day, self.policy_days(step, area_id)))

    def days(self):
        """(date, ordinal, working) for every day of the calendar."""
        for offset, (ordinal, working) in enumerate(zip(self._ordinals, self._working, strict=False)):
            yield self.start + datetime.timedelta(days=offset), ordinal, working


def _is_working_day(day: datetime.date, overrides: dict[datetime.date, bool]) -> bool:
    # The rule of workflow.deadlines._is_working_day, with the overrides already loaded.
    if day in overrides:
        return overrides[day]
    if package_covers(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def calendar_load(start: datetime.date, end: datetime.date) -> WorkCalendar:
    """A calendar over [start, end] read from CalendarDay and the step-deadline policies now."""
    overrides = dict(
        CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day")
    )
    policies = {area_id: version.value for area_id, version in policies_in_use(STEP_DEADLINES).items()}
    return WorkCalendar(start, end, overrides, policies)


_cache: dict = {"calendar": None, "loaded": 0.0}
_lock = threading.Lock()


def calendar_for(*days: datetime.date) -> WorkCalendar:
    """A cached calendar covering `days` (with room for deadlines after them).

    Rebuilt after CACHE_SECONDS, when a day falls outside it, or after `calendar_forget()`
    (called when an administrator changes a calendar day or a policy is drafted or adopted).
    """
    wanted_start = min([FIRST_DAY, *days])
    wanted_end = max([timezone.localdate(), *days]) + datetime.timedelta(days=200)
    with _lock:
        cached: WorkCalendar | None = _cache["calendar"]
        fresh = _cache["loaded"] > time.monotonic() - CACHE_SECONDS
        if cached and fresh and cached.start <= wanted_start and wanted_end <= cached.end:
            return cached
        calendar = calendar_load(wanted_start, wanted_end + datetime.timedelta(days=200))
        _cache.update(calendar=calendar, loaded=time.monotonic())
        return calendar


def calendar_forget() -> None:
    with _lock:
        _cache["calendar"] = None
