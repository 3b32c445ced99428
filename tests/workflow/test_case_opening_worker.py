"""A report survives the worker dying between its commit and its case's opening.

Real Redis, PostgreSQL and Celery worker processes; run in CI (REDIS_URL and DATABASE_URL).
"""

import json
import time

import pytest
import redis
from django.urls import reverse

from intake.models import Report
from tests.notifications.processes import wait_for
from tests.notifications.test_delivery_integration import real_broker, workers  # noqa: F401  fixtures
from workflow import selectors
from workflow.models import Case

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GATE = "tests.workflow.case_open_gate"
VISIBILITY = 2  # seconds before Redis hands an unacknowledged task to another worker


def file_report(client) -> Report:
    response = client.post(
        "/api/v1/reports/",
        json.dumps({"description": "工地老板拖欠我们三个月工资,一直不给。", "reporter_phone": "13512345678"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 201, response.content
    return Report.objects.get(reference=response.json()["reference"])


def killed_while_opening(real_broker, workers, client) -> Report:  # noqa: F811
    """File a report; a worker takes its case-opening task and dies (SIGKILL) before running it."""
    gate = real_broker["tmp"] / "gate"
    gate.touch()
    first = workers(include=GATE, env={"CASE_OPEN_GATE": gate, "CELERY_VISIBILITY_TIMEOUT": VISIBILITY})
    report = file_report(client)
    wait_for(lambda: (gate.parent / f"started-{report.pk}").exists(), what="the worker to take the task")
    first.kill()
    # Committed, receipted, no case: received to the resident and to triage.
    assert Report.objects.get(pk=report.pk).status == Report.Status.RECEIVED
    assert not Case.objects.filter(report=report).exists()
    assert report in selectors.reports_awaiting_case()
    return report


def test_a_task_taken_by_a_worker_that_dies_is_delivered_again_and_opens_the_case(
    real_broker,  # noqa: F811
    workers,  # noqa: F811
    client,
    triage_user,
):
    report = killed_while_opening(real_broker, workers, client)
    time.sleep(VISIBILITY + 1)  # the unacknowledged task becomes visible again
    workers(env={"CELERY_VISIBILITY_TIMEOUT": VISIBILITY})
    case = wait_for(lambda: Case.objects.filter(report=report).first(), timeout=60, what="the case")
    assert case.stage == Case.Stage.TRIAGE and case.reference == report.reference
    client.force_login(triage_user)
    assert report.reference in client.get(reverse("case:queue")).content.decode()
    assert Case.objects.filter(report=report).count() == 1


def test_a_task_lost_with_the_dead_worker_is_made_good_by_the_sweep(
    real_broker,  # noqa: F811
    workers,  # noqa: F811
    client,
    settings,
):
    report = killed_while_opening(real_broker, workers, client)
    # The task is gone for good (as with a Redis that lost its data): only the sweep is left.
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.delete(real_broker["queue"])
    broker.delete("unacked", "unacked_index")
    workers(
        beat=True,
        env={"TIMERS_INTERVAL": 1, "WORKFLOW_CASE_SWEEP_AFTER": 0, "CELERY_VISIBILITY_TIMEOUT": 3600},
    )
    case = wait_for(lambda: Case.objects.filter(report=report).first(), timeout=60, what="the sweep's case")
    assert case.stage == Case.Stage.TRIAGE
    assert Case.objects.filter(report=report).count() == 1
