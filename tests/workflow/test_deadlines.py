"""Working days on the Chinese calendar, the admin's calendar days, and deadline policies."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from intake.models import Area, Policy, PolicyVersion
from intake.policies import STEP_DEADLINES, policies_changed, policy_draft, policy_in_use
from tests.policies import area_deadlines, policy_set
from workflow import deadlines
from workflow.checks import calendar_coverage, step_deadlines_cover_every_step
from workflow.models import CalendarDay, Step

pytestmark = pytest.mark.django_db
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


def test_an_areas_step_deadlines_policy_overrides_the_citywide_one_step_by_step():
    area = Area.objects.get(code="wage_arrears")
    assert deadlines.policy_days(Step.INVESTIGATE, area) == 15
    draft = area_deadlines(area, investigate=10)
    assert draft.state == PolicyVersion.State.DRAFT and draft.source == PolicyVersion.Source.PROPOSED_DEFAULT
    assert deadlines.policy_days(Step.INVESTIGATE, area) == 10  # a draft, used inside the administration
    assert deadlines.policy_days(Step.SIGN, area) == 1  # a step the area does not name: the city's
    assert deadlines.policy_days(Step.INVESTIGATE, Area.objects.get(code="telecom_fraud")) == 15

    adopted = policy_set(STEP_DEADLINES, value={"investigate": 12}, area=area)
    assert adopted.source_label.endswith("儋发改〔2026〕1号 (2026-01-05)")
    area_deadlines(area, investigate=30)  # a newer draft waits for adoption
    assert deadlines.policy_days(Step.INVESTIGATE, area) == 12


def test_every_deadline_applied_comes_from_a_policy_with_a_source():
    """The city-wide draft names every step but publication (the rules' 7 working days)."""
    in_use = policy_in_use(STEP_DEADLINES)
    assert in_use.is_draft
    assert in_use.version.source_label == str(PolicyVersion.Source.PROPOSED_DEFAULT.label)
    assert set(in_use.value) == set(Step.values) - {Step.PUBLICATION}
    for area in [None, *Area.objects.all()]:
        for step in Step.values:
            assert deadlines.policy_days(step, area) > 0
    assert step_deadlines_cover_every_step(None) == []


def test_a_citywide_policy_that_leaves_a_step_out_is_refused_and_the_check_says_so(supervisor):
    citywide = Policy.objects.get(key=STEP_DEADLINES, area=None)
    with pytest.raises(ValidationError) as refused:
        policy_draft(policy=citywide, user=supervisor, value={"investigate": 10})
    assert "triage" in str(refused.value)
    assert citywide.versions.count() == 1
    PolicyVersion.objects.filter(policy=citywide).update(value={"investigate": 10})
    policies_changed()
    assert [error.id for error in step_deadlines_cover_every_step(None)] == ["workflow.E001"]
    with pytest.raises(deadlines.DeadlineMissing):
        deadlines.policy_days(Step.TRIAGE)


def test_an_area_draft_with_a_bad_value_is_refused(supervisor):
    area = Area.objects.get(code="wage_arrears")
    for bad in ({"investigation": 10}, {"investigate": 0}, {"investigate": "10"}, {"investigate": 61}, [10]):
        with pytest.raises(ValidationError):
            area_deadlines(area, **bad) if isinstance(bad, dict) else policy_draft(
                policy=Policy.objects.get(key=STEP_DEADLINES, area=None), user=supervisor, value=bad
            )
    assert not PolicyVersion.objects.filter(policy__key=STEP_DEADLINES, policy__area=area).exists()


def test_publication_stays_within_the_rules_seven_working_days():
    """Rules, part 3(1)3: published within 7 working days of the decision."""
    area = Area.objects.get(code="wage_arrears")
    assert deadlines.policy_days(Step.PUBLICATION, area) == 7
    with pytest.raises(ValidationError):
        area_deadlines(area, publication=12)
    area_deadlines(area, publication=5)
    assert deadlines.policy_days(Step.PUBLICATION, area) == 5
    assert deadlines.step_days(Step.PUBLICATION, area_days={"publication": 12}, citywide_days={}) == 7


def test_the_administrator_drafts_an_areas_deadlines_in_the_admin(admin_client):
    area = Area.objects.get(code="wage_arrears")
    response = admin_client.post(
        reverse("admin:intake_policy_add"),
        {
            "key": STEP_DEADLINES,
            "area": area.pk,
            "title": "各环节办理时限（工作日）",
            "title_en": "",
            "description": "",
            "use": "internal",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    policy = Policy.objects.get(key=STEP_DEADLINES, area=area)
    add = reverse("admin:intake_policyversion_add")
    bad = admin_client.post(
        add, {"policy": policy.pk, "value": '{"investigate": 0}', "text": "", "text_en": ""}
    )
    assert bad.status_code == 200 and "investigate：请填写 1 至 60 个工作日。" in bad.content.decode()
    assert not policy.versions.exists()
    good = admin_client.post(
        add, {"policy": policy.pk, "value": '{"investigate": 20}', "text": "", "text_en": ""}
    )
    assert good.status_code == 302
    assert policy.versions.get().state == PolicyVersion.State.DRAFT
    assert deadlines.policy_days(Step.INVESTIGATE, area) == 20


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
