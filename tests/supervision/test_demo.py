"""The demo-data command: realistic spread, every case with its report, figures that add up."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from intake.models import Report
from workflow.models import Case
from workflow.supervision.filters import FigureFilter
from workflow.supervision.models import CaseFact
from workflow.supervision.selectors.figures import figures_total

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
