"""Hand-made cases for the supervision figures. The right answers are written in the tests."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from intake.models import Report
from tests.factories import case_written
from workflow.models import Case

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=ZONE)


def at(day: str, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A local (Asia/Shanghai) moment on an ISO day."""
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=ZONE)


def end_of(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=23, minute=59, second=59, tzinfo=ZONE)


def make_case(
    *, area: str | None, bureau: str | None, created: datetime.datetime, source=Report.Source.WEB, **fields
) -> Case:
    """A report and its case written directly (tests.factories.case_written); no events sent."""
    return case_written(area_code=area, bureau_code=bureau, created_at=created, source=source, **fields)


def closed(**fields) -> dict:
    return {
        "state": Case.State.CLOSED,
        "stage": Case.Stage.CLOSED,
        "resolution": Case.Resolution.HANDLED,
        **fields,
    }


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """The working-day calendar is cached per process; a rolled-back test must not leave its days."""
    from supervision.calendar import calendar_forget

    calendar_forget()
    yield
    calendar_forget()


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process here, whatever the embedded default chooses."""
    from project.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def march(db):
    """Nine cases around March 2026 (no holidays in March). See tests for the expected figures.

    A hrss web      received Mon 03-02, all steps on time, closed 03-13 (9 working days), rated 5
    B hrss wechat   triage late, investigation late, closed 03-31 (20 wd), rated 2 and disputed, returned once
    C hrss web      signed late, still investigating, overdue since 03-26
    D psb hotline   on time (investigation due from the policy), closed 03-25 (14 wd), rated 4, reopened once
    E psb web       rejected in triage: received, never accepted
    F (none) sms    still in triage, overdue since 03-31
    G psb web       replied, waiting for the reporter's rating: past due but not overdue
    H hrss web      received in February, closed 03-03: a closure in March, not in the March cohort
    I psb email     investigating with an extension, due 04-30: not overdue
    """
    cases = {}
    cases["A"] = make_case(
        area="wage_arrears",
        bureau="hrss",
        created=at("2026-03-02", 9),
        **closed(
            dispatched_at=at("2026-03-02", 15),
            signed_at=at("2026-03-03"),
            decided_at=at("2026-03-10"),
            investigation_due_at=end_of("2026-03-24"),
            closed_at=at("2026-03-13", 12),
            rating=5,
        ),
    )
    cases["B"] = make_case(
        area="wage_arrears",
        bureau="hrss",
        created=at("2026-03-03"),
        source=Report.Source.WECHAT,
        **closed(
            dispatched_at=at("2026-03-05", 9),
            signed_at=at("2026-03-05", 11),
            decided_at=at("2026-03-30"),
            investigation_due_at=end_of("2026-03-26"),
            closed_at=at("2026-03-31", 16),
            rating=2,
            disputed=True,
            returns=1,
        ),
    )
    cases["C"] = make_case(
        area="wage_arrears",
        bureau="hrss",
        created=at("2026-03-04"),
        stage=Case.Stage.INVESTIGATING,
        dispatched_at=at("2026-03-04", 11),
        signed_at=at("2026-03-09"),
        investigation_due_at=end_of("2026-03-26"),
        due_at=end_of("2026-03-26"),
    )
    cases["D"] = make_case(
        area="telecom_fraud",
        bureau="psb",
        created=at("2026-03-05", 14),
        source=Report.Source.HOTLINE,
        **closed(
            dispatched_at=at("2026-03-06", 9),
            signed_at=at("2026-03-06", 11),
            decided_at=at("2026-03-20"),
            closed_at=at("2026-03-25"),
            rating=4,
            reopened=1,
        ),
    )
    cases["E"] = make_case(
        area="telecom_fraud",
        bureau="psb",
        created=at("2026-03-10"),
        state=Case.State.CLOSED,
        stage=Case.Stage.CLOSED,
        resolution=Case.Resolution.REJECTED,
        closed_at=at("2026-03-10", 16),
    )
    cases["F"] = make_case(
        area=None,
        bureau=None,
        created=at("2026-03-30", 9),
        source=Report.Source.SMS,
        due_at=end_of("2026-03-31"),
    )
    cases["G"] = make_case(
        area="telecom_fraud",
        bureau="psb",
        created=at("2026-03-12"),
        stage=Case.Stage.REPLIED,
        dispatched_at=at("2026-03-12", 15),
        signed_at=at("2026-03-13"),
        decided_at=at("2026-03-18"),
        due_at=end_of("2026-03-20"),
    )
    cases["H"] = make_case(
        area="wage_arrears",
        bureau="hrss",
        created=at("2026-02-27"),
        **closed(
            dispatched_at=at("2026-02-27", 11),
            signed_at=at("2026-02-27", 14),
            decided_at=at("2026-03-02"),
            closed_at=at("2026-03-03"),
        ),
    )
    cases["I"] = make_case(
        area="telecom_fraud",
        bureau="psb",
        created=at("2026-03-16"),
        source=Report.Source.EMAIL,
        stage=Case.Stage.INVESTIGATING,
        dispatched_at=at("2026-03-16", 11),
        signed_at=at("2026-03-16", 15),
        investigation_due_at=end_of("2026-04-30"),
        due_at=end_of("2026-04-30"),
        extensions=1,
    )
    from supervision.services.rollups import rollup_rebuild

    rollup_rebuild()
    return cases


@pytest.fixture
def march_filter(march):
    from supervision.filters import FigureFilter

    return FigureFilter(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def kit(db):
    """The helpers above for tests that build their own cases."""
    import types

    return types.SimpleNamespace(at=at, end_of=end_of, make_case=make_case, closed=closed, NOW=NOW)
