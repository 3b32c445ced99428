"""Cases moved by the real flow show up in the supervision figures."""

import datetime

from django.urls import reverse
from django.utils import timezone

from workflow.models import Case


def test_flow_events_reach_the_dashboard_figures(
    client, file_report, drive, reporter, supervisor, django_capture_on_commit_callbacks
):
    closed = file_report()
    drive.to_reply(closed)
    drive.reply(closed)
    reporter.rate(closed, 5)
    file_report(area_code="telecom_fraud")
    closed.refresh_from_db()
    assert closed.state == Case.State.CLOSED and closed.rating == 5

    today = timezone.localdate()
    period = {"start": (today - datetime.timedelta(days=1)).isoformat(), "end": today.isoformat()}
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("supervision:dashboard"), period)
    assert response.status_code == 200
    total = response.context["total"]
    assert total.received == 2
    assert total.closed == 1
