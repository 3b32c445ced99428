"""The demo-data command: realistic spread, every case with its report, figures that add up."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from intake.models import Report
from supervision.filters import FigureFilter
from supervision.models import CaseFact
from supervision.selectors.figures import figures_total
from workflow.models import Case

pytestmark = pytest.mark.django_db


def test_cases_generate_fills_two_years_with_a_progress_bar(db):
    err = io.StringIO()
    call_command("cases_generate", "400", "--seed", "7", stdout=io.StringIO(), stderr=err)
    assert "cases" in err.getvalue() and "100.0%" in err.getvalue()
    assert Case.objects.count() == 400
    assert Report.objects.count() == 400
    assert Report.objects.values("receipt_hash").distinct().count() == 400
    assert CaseFact.objects.count() == 400
    states = dict(Case.objects.values_list("state").annotate(n=Count("pk")))
    assert states["closed"] > states["open"] > 0
    assert Case.objects.values("area").distinct().count() >= 12
    assert Case.objects.values("source").distinct().count() == 6
    assert Case.objects.filter(resolution=Case.Resolution.REJECTED).exists()
    assert Case.objects.filter(stage=Case.Stage.INVESTIGATING).exists()
    first = Case.objects.order_by("created_at").first().created_at
    last = Case.objects.order_by("-created_at").first().created_at
    assert (last - first).days > 600


def test_generated_figures_match_the_cases_counted_directly(db):
    call_command("cases_generate", "300", "--seed", "3", "--no-progress", stdout=io.StringIO())
    first = Case.objects.order_by("created_at").first().created_at.date()
    everything = FigureFilter(start=first.replace(day=1), end=first.replace(year=first.year + 3))
    figures = figures_total(everything)
    accepted = Case.objects.filter(dispatched_at__isnull=False).exclude(
        resolution__in=["rejected", "merged", "emergency"]
    )
    assert figures.received == Case.objects.count()
    assert figures.accepted == accepted.count()
    assert figures.closed == accepted.filter(state="closed").count()
    assert figures.rated == Case.objects.filter(rating__isnull=False).count()


def test_cases_generate_refuses_nonsense(db):
    with pytest.raises(CommandError):
        call_command("cases_generate", "0", stdout=io.StringIO())
    assert not Case.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based generator is PostgreSQL only")
def test_set_based_generator_and_sql_facts_agree_with_python(db):
    import datetime

    from intake.models import Area
    from supervision.calendar import calendar_for
    from supervision.demo import SET_BASED_FROM
    from supervision.facts import (
        CASE_COLUMNS,
        FACT_FIELDS,
        fact_compute,
        row_dates,
    )
    from tests.policies import area_deadlines
    from workflow.models import CalendarDay

    area_deadlines(Area.objects.get(code="telecom_fraud"), investigate=10)
    from intake.models import PolicyVersion

    draft = PolicyVersion.objects.get(policy__key="step-deadlines", policy__area__isnull=True, state="draft")
    draft.value = {**draft.value, "triage": 2}
    draft.save()
    CalendarDay.objects.create(date=datetime.date(2026, 3, 3), is_working_day=False, note="test holiday")
    call_command("cases_generate", str(SET_BASED_FROM), "--seed", "11", "--no-progress", stdout=io.StringIO())
    assert Case.objects.count() == SET_BASED_FROM == Report.objects.count()
    sql = {row.pop("case_id"): row for row in CaseFact.objects.values("case_id", *FACT_FIELDS)}
    rows = list(Case.objects.values(*CASE_COLUMNS))
    calendar = calendar_for(*(day for row in rows for day in row_dates(row)))
    python = {row["id"]: fact_compute(row, calendar) for row in rows}
    assert sql == python


@pytest.mark.parametrize(
    "start, end",
    [
        ("2025-02-15", "2025-09-10"),
        ("2025-03-01", "2025-03-31"),
        ("2025-03-05", "2025-03-20"),
        ("2024-12-31", "2026-01-01"),
        ("2025-06-01", "2025-08-17"),
    ],
)
def test_any_period_reads_months_and_edge_days_exactly(db, start, end):
    import datetime
    import statistics

    from django.utils import timezone

    from supervision.filters import NONE

    now = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))
    from supervision.demo import cases_generate

    cases_generate(300, seed=5, now=now)
    flt = FigureFilter(start=datetime.date.fromisoformat(start), end=datetime.date.fromisoformat(end))
    facts = CaseFact.objects.filter(created_on__range=(flt.start, flt.end))
    figures = figures_total(flt, now=now)
    assert figures.received == facts.count()
    assert figures.accepted == facts.filter(accepted=True).count()
    assert figures.closed == facts.filter(closed=True).count()
    assert figures.closures == CaseFact.objects.filter(closed_on__range=(flt.start, flt.end)).count()
    days = sorted(facts.filter(closed=True).values_list("close_working_days", flat=True))
    if days:
        assert figures.median_days == statistics.median_low(days)
    from supervision.selectors.figures import figures_breakdown, trend_weekly

    breakdown = figures_breakdown(flt, now=now)
    assert sum(f.received for f in breakdown.bureau.values()) == figures.received
    assert sum(f.received for f in breakdown.area.values()) == figures.received
    assert breakdown.bureau.get(NONE, None) is None or breakdown.bureau[NONE].accepted == 0
    assert sum(week["received"] for week in trend_weekly(flt)) == figures.received
