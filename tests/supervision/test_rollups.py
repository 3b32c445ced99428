"""Facts and roll-ups follow the cases: events, reconciliation, rebuild, and the calendar."""

import datetime

import pytest
from django.db import connection

from supervision.calendar import calendar_for, calendar_load
from supervision.filters import FigureFilter
from supervision.models import CaseFact, DailyRollup, RollupWatermark
from supervision.selectors.figures import figures_total
from supervision.services.rollups import (
    case_facts_refresh,
    rollup_rebuild,
    rollup_reconcile,
)
from tests.policies import area_deadlines
from workflow import deadlines
from workflow.models import CalendarDay, Case, Step
from workflow.signals import CaseEvent, case_changed

pytestmark = pytest.mark.django_db

MARCH = FigureFilter(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))


def _rollup_snapshot() -> set[tuple]:
    fields = [f.attname for f in DailyRollup._meta.concrete_fields if f.name != "id"]
    return {tuple(row) for row in DailyRollup.objects.values_list(*fields) if any(row[4:])}


def test_calendar_agrees_with_workflow_deadlines(db):
    CalendarDay.objects.create(date=datetime.date(2027, 2, 8), is_working_day=False, note="Spring Festival")
    CalendarDay.objects.create(date=datetime.date(2027, 2, 13), is_working_day=True, note="make-up")
    area = None
    from intake.models import Area

    wages = Area.objects.get(code="wage_arrears")
    area_deadlines(wages, investigate=20)
    calendar = calendar_load(datetime.date(2025, 12, 1), datetime.date(2027, 6, 30))
    day = datetime.date(2025, 12, 20)
    while day < datetime.date(2027, 3, 1):
        # National Day week 2026, make-up Sunday 2026-09-20, and admin days in 2027 included
        assert calendar.add(day, 1) == deadlines.working_days_add(day, 1), day
        assert calendar.add(day, 15) == deadlines.working_days_add(day, 15), day
        assert calendar.between(day, day + datetime.timedelta(days=23)) == deadlines.working_days_between(
            day, day + datetime.timedelta(days=23)
        ), day
        day += datetime.timedelta(days=3)
    start = datetime.datetime(2026, 9, 30, 18, tzinfo=datetime.UTC)
    for step, chosen in (
        (Step.INVESTIGATE, wages),
        (Step.INVESTIGATE, area),
        ("sign", wages),
    ):
        assert calendar.due(step, chosen.pk if chosen else None, start) == deadlines.due_at(
            step, area=chosen, start=start
        )


def test_case_changed_refreshes_figures_after_commit(march, kit, django_capture_on_commit_callbacks):
    case = march["C"]
    assert figures_total(MARCH).closed == 3
    Case.objects.filter(pk=case.pk).update(
        state=Case.State.CLOSED,
        stage=Case.Stage.CLOSED,
        resolution=Case.Resolution.HANDLED,
        decided_at=kit.at("2026-03-20"),
        closed_at=kit.at("2026-03-27"),
        rating=5,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case_changed.send(sender=Case, case_id=case.pk, event=CaseEvent.CLOSED, actor_id=None)
    assert figures_total(MARCH).closed == 3  # nothing before the commit
    assert callbacks
    for callback in callbacks:  # the commit: queues the task, which runs eagerly here
        callback()
    figures = figures_total(MARCH)
    assert figures.closed == 4
    assert figures.rated == 4
    assert CaseFact.objects.get(pk=case.pk).close_working_days == 17  # 03-04 -> 03-27


def test_incremental_refresh_equals_full_rebuild(march, kit):
    Case.objects.filter(pk=march["F"].pk).update(
        area=march["A"].area,
        bureau=march["A"].bureau,
        dispatched_at=kit.at("2026-04-01"),
        stage=Case.Stage.DISPATCHED,
    )
    Case.objects.filter(pk=march["B"].pk).update(
        state=Case.State.OPEN, stage=Case.Stage.INVESTIGATING, reopened=1
    )
    touched = case_facts_refresh(case_ids=[march["F"].pk, march["B"].pk])
    assert datetime.date(2026, 3, 31) in touched  # B's old closing day is recomputed too
    incremental = _rollup_snapshot()
    rollup_rebuild()
    assert _rollup_snapshot() == incremental


def test_refresh_twice_writes_nothing_new(march):
    assert case_facts_refresh(case_ids=[march["A"].pk]) == set()


def test_reconcile_catches_a_lost_event(march, kit):
    RollupWatermark.objects.update(case_updated_at=Case.objects.order_by("-updated_at").first().updated_at)
    case = Case.objects.get(pk=march["I"].pk)
    case.state, case.stage, case.resolution = Case.State.CLOSED, Case.Stage.CLOSED, Case.Resolution.HANDLED
    case.decided_at, case.closed_at = kit.at("2026-03-25"), kit.at("2026-03-26")
    case.save()  # no case_changed: the event was lost
    assert figures_total(MARCH).closed == 3
    assert rollup_reconcile() >= 1
    assert figures_total(MARCH).closed == 4


def test_deleted_case_leaves_the_figures(march, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        march["E"].delete()
    assert figures_total(MARCH).received == 7


def test_percentile_beyond_the_buckets_is_read_from_the_facts(kit):
    # Working days to close: 2, 45 and 50 (the last two beyond the 40 kept per day).
    for created, closed_on in (
        ("2026-03-02", "2026-03-04"),
        ("2026-03-02", "2026-05-11"),
        ("2026-03-03", "2026-05-19"),
    ):
        kit.make_case(
            area="transport",
            bureau="transport",
            created=kit.at(created),
            **kit.closed(dispatched_at=kit.at(created, 11), closed_at=kit.at(closed_on)),
        )
    rollup_rebuild()
    days = sorted(CaseFact.objects.values_list("close_working_days", flat=True))
    figures = figures_total(MARCH)
    assert figures.median_days == days[1]
    assert figures.p90_days == days[2]
    assert days[1] > 40


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based path is PostgreSQL only")
def test_sql_facts_equal_python_facts(march):
    from supervision.facts import (
        CASE_COLUMNS,
        FACT_FIELDS,
        fact_compute,
        row_dates,
    )

    rollup_rebuild()  # set-based on PostgreSQL
    sql = {row.pop("case_id"): row for row in CaseFact.objects.values("case_id", *FACT_FIELDS)}
    rows = list(Case.objects.values(*CASE_COLUMNS))
    calendar = calendar_for(*(day for row in rows for day in row_dates(row)))
    assert sql == {row["id"]: fact_compute(row, calendar) for row in rows}
