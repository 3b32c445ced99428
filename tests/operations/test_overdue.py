"""One definition of overdue (workflow.selectors.overdue_q): every surface agrees on the same cases."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from notifications.selectors import overdue_cases
from supervision.filters import FigureFilter
from supervision.selectors.figures import figures_total
from workflow.models import Case
from workflow.selectors import case_is_overdue, overdue_q


@pytest.fixture
def cases(file_case):
    past = timezone.now() - datetime.timedelta(days=3)
    late, waiting, on_time, closed = (file_case() for _ in range(4))
    Case.objects.filter(pk=late.pk).update(due_at=past)
    Case.objects.filter(pk=waiting.pk).update(due_at=past, stage=Case.Stage.AWAITING_REPORTER)
    Case.objects.filter(pk=on_time.pk).update(due_at=timezone.now() + datetime.timedelta(days=3))
    Case.objects.filter(pk=closed.pk).update(due_at=past, state=Case.State.CLOSED)
    return {"late": late, "waiting": waiting, "on_time": on_time, "closed": closed}


@pytest.mark.django_db
def test_every_surface_counts_the_same_cases_overdue(cases, supervisor, client):
    expected = {cases["late"].reference}

    assert {c.reference for c in Case.objects.filter(overdue_q())} == expected
    assert {c.reference for c in Case.objects.all() if case_is_overdue(c)} == expected
    assert {c.reference for c in overdue_cases()} == expected  # the supervisors' digest

    today = timezone.localdate()
    period = FigureFilter(start=today - datetime.timedelta(days=1), end=today)
    assert figures_total(period).overdue == 1  # the dashboard

    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=supervisor).key}")
    rows = api.get(reverse("staff-case-list"), {"overdue": "true"}).json()["results"]
    assert {row["reference"] for row in rows} == expected
    flagged = {
        row["reference"] for row in api.get(reverse("staff-case-list")).json()["results"] if row["overdue"]
    }
    assert flagged == expected

    client.force_login(supervisor)
    page = client.get(reverse("case:process_list"), {"overdue": "true"}).content.decode()
    assert cases["late"].reference in page
    assert all(cases[name].reference not in page for name in ("waiting", "on_time", "closed"))
