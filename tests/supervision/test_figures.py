"""Each figure on the hand-made March cases (see conftest.march), answers worked out by hand."""

import datetime

import pytest

from intake.models import Area, Bureau, Report
from supervision.filters import NONE
from supervision.selectors.figures import (
    figures_by_phase,
    figures_grouped,
    figures_monthly,
    figures_total,
    heatmap_area_month,
    trend_weekly,
)

pytestmark = pytest.mark.django_db


def test_march_totals(march_filter, now):
    figures = figures_total(march_filter, now=now)
    assert figures.received == 8  # A B C D E F G I (H came in February)
    assert figures.accepted == 6  # not E (rejected) nor F (in triage)
    assert figures.closed == 3  # A B D
    assert figures.closure_rate == pytest.approx(3 / 6)
    assert (figures.triage_on_time, figures.triage_measured) == (5, 6)  # B late
    assert (figures.sign_on_time, figures.sign_measured) == (5, 6)  # C late
    assert (figures.investigate_on_time, figures.investigate_measured) == (3, 4)  # B late
    assert figures.on_time_rate == pytest.approx(13 / 16)
    assert figures.late == 2  # B (triage, investigation) and C (sign)
    assert figures.median_days == 14  # 9, 14, 20
    assert figures.p90_days == 20
    assert figures.overdue == 2  # C and F; G waits for the reporter, I is due in April
    assert figures.returned == 1
    assert figures.reopened == 1
    assert figures.rated == 3
    assert figures.average_rating == pytest.approx(11 / 3)
    assert figures.satisfaction_rate == pytest.approx(2 / 3)
    assert figures.dispute_rate == pytest.approx(1 / 3)
    assert figures.closures == 4  # closed in March: H 03-03, A 03-13, D 03-25, B 03-31


def test_march_by_bureau(march_filter, now):
    hrss, psb = Bureau.objects.get(code="hrss").pk, Bureau.objects.get(code="psb").pk
    grouped = figures_grouped(march_filter, "bureau", now=now)
    assert set(grouped) == {hrss, psb, NONE}
    assert (grouped[hrss].received, grouped[hrss].accepted, grouped[hrss].closed) == (3, 3, 2)
    assert (grouped[psb].received, grouped[psb].accepted, grouped[psb].closed) == (4, 3, 1)
    assert grouped[NONE].received == 1
    assert (grouped[hrss].overdue, grouped[psb].overdue, grouped[NONE].overdue) == (1, 0, 1)
    assert grouped[hrss].median_days == 9  # 9 and 20: the lower middle
    assert grouped[psb].p90_days == 14


def test_march_by_area_and_source(march_filter, now):
    wages, telecom = Area.objects.get(code="wage_arrears").pk, Area.objects.get(code="telecom_fraud").pk
    by_area = figures_grouped(march_filter, "area", now=now)
    assert {key: f.received for key, f in by_area.items()} == {wages: 3, telecom: 4, NONE: 1}
    by_source = figures_grouped(march_filter, "source", now=now)
    assert {key: f.received for key, f in by_source.items()} == {
        Report.Source.WEB: 4,
        Report.Source.WECHAT: 1,
        Report.Source.HOTLINE: 1,
        Report.Source.SMS: 1,
        Report.Source.EMAIL: 1,
    }


def test_weekly_trend_counts_receipt_and_closing_weeks(march_filter):
    weeks = {w["week"]: (w["received"], w["closures"]) for w in trend_weekly(march_filter)}
    assert weeks == {
        datetime.date(2026, 2, 23): (0, 0),  # the period starts on Sunday 1 March
        datetime.date(2026, 3, 2): (4, 1),  # A B C D; H closed
        datetime.date(2026, 3, 9): (2, 1),  # E G; A closed
        datetime.date(2026, 3, 16): (1, 0),  # I
        datetime.date(2026, 3, 23): (0, 1),  # D closed
        datetime.date(2026, 3, 30): (1, 1),  # F; B closed
    }


def test_monthly_and_heat_map(march_filter):
    wide = march_filter.replace(start=datetime.date(2026, 2, 1))
    months = {month: f.received for month, f in figures_monthly(wide)}
    assert months == {datetime.date(2026, 2, 1): 1, datetime.date(2026, 3, 1): 8}
    wages = Area.objects.get(code="wage_arrears").pk
    heat = heatmap_area_month(wide)
    assert heat[(wages, datetime.date(2026, 2, 1))] == 1
    assert heat[(wages, datetime.date(2026, 3, 1))] == 3
    assert heat[(NONE, datetime.date(2026, 3, 1))] == 1


def test_filters_narrow_every_figure(march_filter, now):
    psb = Bureau.objects.get(code="psb").pk
    figures = figures_total(march_filter.replace(bureau_id=psb, source=Report.Source.WEB), now=now)
    assert (figures.received, figures.accepted, figures.closed) == (2, 1, 0)  # E G (I came by e-mail)
    nobody = figures_total(march_filter.replace(area_id=NONE), now=now)
    assert (nobody.received, nobody.overdue) == (1, 1)  # F


def test_campaign_limits_to_its_areas_and_phases_use_their_dates(march, now):
    from supervision.filters import FigureFilter
    from supervision.models import Campaign, Phase

    campaign = Campaign.objects.create(name="欠薪专项", name_en="Wage arrears drive")
    campaign.areas.set(Area.objects.filter(code="wage_arrears"))
    Phase.objects.create(
        campaign=campaign, name="一", start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28)
    )
    Phase.objects.create(campaign=campaign, name="二", start=datetime.date(2026, 3, 1), end=None)
    base = FigureFilter(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    phases = figures_by_phase(base, campaign, now=now)
    assert [(phase.name, f.received, f.closed) for phase, _flt, f in phases] == [("一", 1, 1), ("二", 3, 2)]


def test_no_cases_gives_empty_figures_not_errors(db):
    from supervision.filters import FigureFilter

    figures = figures_total(FigureFilter(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 31)))
    assert figures.received == 0
    assert figures.closure_rate is None
    assert figures.median_days is None
