"""Working days on the Chinese calendar, the admin's calendar days, and deadline policies."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from intake.models import Area
from workflow import deadlines
from workflow.checks import calendar_coverage
from workflow.models import CalendarDay, DeadlinePolicy

pytestmark = pytest.mark.django_db
Step = DeadlinePolicy.Step
D = datetime.date


def test_national_day_week_is_not_counted():
    # Wednesday 2026-09-30 + 1 working day: 10-01..07 is the holiday, Thursday 10-08 works.
    assert deadlines.working_days_add(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert deadlines.working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == 1
    assert not deadlines.is_working_day(D(2026, 10, 5))


def test_make_up_sundays_are_working_days():
    assert deadlines.is_working_day(D(2026, 1, 4))  # after New Year's Day
    assert deadlines.is_working_day(D(2026, 9, 20))  # before National Day
    # Saturday 2026-09-19 + 1 working day is that make-up Sunday, not Monday.
    assert deadlines.working_days_add(D(2026, 9, 19), 1) == D(2026, 9, 20)
    assert deadlines.working_days_add(D(2026, 1, 3), 1) == D(2026, 1, 4)


def test_plain_weekend_is_skipped():
    # Friday 2026-11-27 + 1 working day is Monday 11-30.
    assert deadlines.working_days_add(D(2026, 11, 27), 1) == D(2026, 11, 30)


def test_a_2027_date_does_not_crash_and_counts_weekdays():
    assert not deadlines.package_covers(2027)
    # Friday 2027-01-01 + 1: with no calendar rows, only weekends are skipped.
    assert deadlines.working_days_add(D(2026, 12, 31), 2) == D(2027, 1, 4)


def test_calendar_days_decide_for_years_the_package_does_not_know():
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False, note="元旦")
    CalendarDay.objects.create(date=D(2027, 1, 4), is_working_day=False, note="元旦调休")
    CalendarDay.objects.create(date=D(2027, 1, 9), is_working_day=True, note="补班")
    # Thursday 2026-12-31 + 2: 01-01 off, weekend, 01-04 off, 01-05 Tuesday; then the make-up Saturday.
    assert deadlines.working_days_add(D(2026, 12, 31), 1) == D(2027, 1, 5)
    assert deadlines.working_days_add(D(2027, 1, 8), 1) == D(2027, 1, 9)


def test_calendar_day_overrides_the_package_too():
    CalendarDay.objects.create(date=D(2026, 11, 30), is_working_day=False, note="临时休假")
    assert deadlines.working_days_add(D(2026, 11, 27), 1) == D(2026, 12, 1)


def test_policy_per_area_overrides_the_default():
    area = Area.objects.get(code="wage_arrears")
    assert deadlines.policy_days(Step.INVESTIGATE, area) == 15
    DeadlinePolicy.objects.create(area=area, step=Step.INVESTIGATE, working_days=10)
    assert deadlines.policy_days(Step.INVESTIGATE, area) == 10
    assert deadlines.policy_days(Step.INVESTIGATE, Area.objects.get(code="telecom_fraud")) == 15


def test_every_step_but_publication_has_a_draft_city_wide_deadline():
    from intake.policies import STEP_DEADLINES, policy_in_use

    in_use = policy_in_use(STEP_DEADLINES)
    assert in_use.is_draft
    assert set(in_use.value) == set(Step.values) - {Step.PUBLICATION}
    assert not DeadlinePolicy.objects.filter(area=None).exists()
    assert set(DeadlinePolicy.DEFAULTS) == set(Step.values)


def test_publication_stays_within_the_rules_seven_working_days():
    """Rules, part 3(1)3: published within 7 working days of the decision."""
    area = Area.objects.get(code="wage_arrears")
    assert deadlines.policy_days(Step.PUBLICATION, area) == 7
    DeadlinePolicy.objects.create(area=area, step=Step.PUBLICATION, working_days=12)
    assert deadlines.policy_days(Step.PUBLICATION, area) == 7


def test_due_at_is_the_end_of_the_last_working_day():
    start = datetime.datetime(2026, 9, 30, 9, 0, tzinfo=timezone.get_current_timezone())
    due = timezone.localtime(deadlines.due_at(Step.TRIAGE, start=start))
    assert (due.date(), due.hour, due.minute) == (D(2026, 10, 8), 23, 59)
    alert = timezone.localtime(deadlines.escalation_at(due))
    assert alert.date() == D(2026, 10, 10)  # two working days later: Friday, then make-up Saturday


def test_system_check_warns_when_next_year_is_not_covered():
    with time_machine.travel(datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC)):
        warnings = calendar_coverage(None)
        assert [w.id for w in warnings] == ["workflow.W001"]
        CalendarDay.objects.create(date=D(2027, 2, 11), is_working_day=False, note="春节")
        assert calendar_coverage(None) == []
