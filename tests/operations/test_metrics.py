"""Prometheus metrics: not public, and the figures are the system's own."""

import datetime

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from intake.models import Report
from notifications.models import Message
from tests import factories
from workflow.models import Case

TOKEN = "metrics-token-for-tests-0123456789"


def samples(response) -> dict[tuple, float]:
    out = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def scrape(client):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


@pytest.fixture(autouse=True)
def _token(settings):
    settings.METRICS_TOKEN = TOKEN


@pytest.mark.django_db
def test_metrics_are_not_public(client, triage_user):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    client.force_login(triage_user)  # staff, but not an operator of the system
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_superuser_or_token_reads_metrics(client):
    assert scrape(client).status_code == 200
    admin = factories.admin(email="root@example.org")
    client.force_login(admin)
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_reports_per_source_and_cases_per_bureau(client, file_case):
    file_case()
    file_case(source=Report.Source.SMS)
    late = file_case()
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(days=2))
    waiting = file_case()
    Case.objects.filter(pk=waiting.pk).update(
        due_at=timezone.now() - datetime.timedelta(days=2), stage=Case.Stage.AWAITING_REPORTER
    )
    figures = samples(scrape(client))
    assert figures[("integrity_reports", (("source", "web"),))] == 3
    assert figures[("integrity_reports", (("source", "sms"),))] == 1
    bureau = late.bureau.code if late.bureau else "unassigned"
    assert figures[("integrity_cases_open", (("bureau", bureau),))] == 4
    # Waiting for the reporter is not overdue (workflow.selectors.overdue_q).
    assert figures[("integrity_cases_overdue", (("bureau", bureau),))] == 1


@pytest.mark.django_db
def test_outbox_backlog_counts_unsent_messages(client, file_case):
    file_case(reporter_phone="13800138000")
    file_case(reporter_phone="13900139000")
    messages = list(Message.objects.values_list("pk", flat=True))
    assert len(messages) >= 2, "each acknowledgement is a message in the outbox"
    Message.objects.update(status=Message.Status.SENT)
    Message.objects.filter(pk=messages[0]).update(status=Message.Status.PENDING)
    Message.objects.filter(pk=messages[1]).update(status=Message.Status.RETRY)
    figures = samples(scrape(client))
    assert figures[("integrity_outbox_backlog", (("status", "pending"),))] == 1
    assert figures[("integrity_outbox_backlog", (("status", "retry"),))] == 1
    assert figures[("integrity_outbox_backlog", (("status", "sending"),))] == 0


@pytest.mark.django_db
def test_timer_lag_is_the_age_of_the_oldest_due_timer(client, file_case):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    case = file_case()
    timer = Task.objects.filter(process_id=case.process_id, flow_task_type="TIMER").first()
    assert timer is not None, "the triage task has deadline timers"
    Task.objects.filter(pk=timer.pk).update(
        status=STATUS.SCHEDULED, scheduled=timezone.now() - datetime.timedelta(minutes=10)
    )
    lag = samples(scrape(client))[("integrity_timer_lag_seconds", ())]
    assert 590 < lag < 700


@pytest.mark.django_db
def test_requests_are_labelled_by_route_never_by_path(client):
    client.get("/track/", {"receipt": "ABCD-EFGH-IJKL"})
    body = scrape(client).content.decode()
    assert "ABCD-EFGH-IJKL" not in body
    assert 'route="track/"' in body


@pytest.mark.django_db
def test_a_scrape_has_a_query_budget(client, file_case, django_assert_max_num_queries):
    for _ in range(3):
        file_case()
    with django_assert_max_num_queries(8):
        scrape(client)
