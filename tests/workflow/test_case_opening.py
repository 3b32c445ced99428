"""Intake hands the case over: the request stores the report, a worker opens its case.

Until the case exists the report shows as received to triage, to the resident and in the
supervision figures. (The worker dying at that moment: test_case_opening_worker.py.)
"""

import datetime
import inspect
import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from credit.models import SubjectReport
from intake.models import Report
from notifications.models import Message
from supervision.filters import FigureFilter
from supervision.selectors.figures import figures_total
from workflow import selectors
from workflow.models import Case
from workflow.services.cases import reports_without_case_open

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DESCRIPTION = "工地老板拖欠我们三个月工资,一直不给。"


def file_through_the_api(client, **data) -> dict:
    response = client.post(
        "/api/v1/reports/",
        json.dumps({"description": DESCRIPTION, **data}),
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 201, response.content
    return response.json()


def today_filter() -> FigureFilter:
    today = timezone.localdate()
    return FigureFilter(start=today, end=today)


@pytest.mark.django_db
def test_the_request_stores_report_and_outbox_and_hands_one_task_to_a_worker(
    client, django_capture_on_commit_callbacks
):
    with (
        mock.patch("intake.tasks.report_received_send.delay") as handed_over,
        mock.patch("notifications.tasks.messages_send.apply_async") as sent,
        django_capture_on_commit_callbacks(execute=True),
    ):
        body = file_through_the_api(
            client,
            reporter_phone="13512345678",
            subject_kind="organisation",
            subject_name="儋州某建设工程有限公司",
            subject_credit_code="91350100M000100Y43",
        )
    report = Report.objects.get(reference=body["reference"])
    # One task, by id only; nothing of the case, the subject or the sending in the request.
    handed_over.assert_called_once_with(report.pk)
    sent.assert_not_called()
    assert not Case.objects.filter(report=report).exists()
    assert not SubjectReport.objects.filter(report=report).exists()
    message = Message.objects.get(report=report, kind="received")
    assert (message.status, message.queued_at) == ("pending", None)

    # The worker's run of the task opens the case, links the subject, hands over the message;
    # a second run (a redelivery) changes nothing.
    from intake.tasks import report_received_send

    for _ in range(2):
        with (
            mock.patch("notifications.tasks.messages_send.apply_async") as sent,
            django_capture_on_commit_callbacks(execute=True),
        ):
            report_received_send.apply(args=(report.pk,))
    assert Case.objects.filter(report=report).count() == 1
    assert SubjectReport.objects.filter(report=report).count() == 1
    message.refresh_from_db()
    assert message.queued_at is not None


@pytest.mark.django_db
def test_a_report_waiting_for_its_case_shows_as_received_everywhere(
    client, triage_user, hrss_officer, supervisor, django_capture_on_commit_callbacks
):
    # Given a stored report whose case-opening task has not run (no worker yet).
    with (
        mock.patch("intake.tasks.report_received_send.delay"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        body = file_through_the_api(client)
    report = Report.objects.get(reference=body["reference"])
    assert not Case.objects.filter(report=report).exists()

    # The resident's tracking says received.
    track = client.post(
        "/api/v1/track/", json.dumps({"receipt": body["receipt"]}), content_type="application/json", **EN
    )
    assert track.status_code == 200
    assert track.json()["status"]["code"] == "received"

    # Triage sees it above its queue; a bureau officer does not (it has no bureau yet).
    client.force_login(triage_user)
    queue = client.get(reverse("case:queue"), **EN)
    assert queue.status_code == 200
    assert queue.context["awaiting_case"][0][0] == report.reference
    assert "Received, the case is being opened:" in queue.content.decode()
    client.force_login(hrss_officer)
    assert report.reference not in client.get(reverse("case:queue"), **EN).content.decode()

    # The supervisors' figures count it as received.
    total = figures_total(today_filter())
    assert (total.received, total.awaiting_case) == (1, 1)
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")
    dashboard = client.get(reverse("supervision:dashboard"), **EN)
    assert dashboard.status_code == 200
    assert dashboard.context["total"].received == 1
    assert "1 case being opened" in dashboard.content.decode()

    # When the worker opens the case, it is a case like any other, counted once.
    with django_capture_on_commit_callbacks(execute=True):
        from intake.tasks import report_received_send

        report_received_send.delay(report.pk)
    case = Case.objects.get(report=report)
    assert case.stage == Case.Stage.TRIAGE
    assert not selectors.reports_awaiting_case().exists()
    client.force_login(triage_user)
    queue = client.get(reverse("case:queue"), **EN)
    assert queue.context["awaiting_case"] == []
    assert report.reference in queue.content.decode()
    assert figures_total(today_filter()).awaiting_case == 0


@pytest.mark.django_db
def test_a_failing_case_opening_retries_the_task_and_the_sweep_is_left(
    submit, caplog, django_capture_on_commit_callbacks
):
    from intake.tasks import report_received_send

    with mock.patch("intake.tasks.report_received_send.delay"):
        with django_capture_on_commit_callbacks(execute=True):
            report = submit(reporter_phone="13512345678").report
    with mock.patch(
        "workflow.services.report_case_open", side_effect=OperationalError("deadlock")
    ) as opening:
        result = report_received_send.apply(args=(report.pk,))
    assert opening.call_count == 1 + report_received_send.max_retries  # retried, then given up
    assert isinstance(result.result, OperationalError)
    assert "report_received receivers failed, retrying" in caplog.text
    assert "13512345678" not in caplog.text
    assert list(selectors.reports_awaiting_case()) == [report]
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_without_case_open(older_than=datetime.timedelta(0)) == 1
    assert Case.objects.filter(report=report).count() == 1


@pytest.mark.django_db
def test_a_broker_that_is_down_leaves_the_case_to_the_sweep(
    submit, caplog, django_capture_on_commit_callbacks
):
    with (
        mock.patch("intake.tasks.report_received_send.delay", side_effect=ConnectionError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = submit(reporter_phone="13512345678").report
    assert Report.objects.filter(pk=report.pk).exists()
    assert "report_received not handed over" in caplog.text
    assert "13512345678" not in caplog.text
    assert list(selectors.reports_awaiting_case()) == [report]


def test_the_hand_over_task_is_acknowledged_late_and_takes_an_id():
    from intake.tasks import report_received_send

    assert report_received_send.acks_late
    assert [name for name in inspect.signature(report_received_send.run).parameters if name != "self"] == [
        "report_id"
    ]


@pytest.mark.django_db
def test_filing_a_report_costs_a_few_queries_and_no_case_work(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    file_through_the_api(client)  # warm: the reference counter row exists
    real_name = {
        "reporter_phone": "13512345678",
        "anonymous": False,
        "reporter_name": "张三",
        "reporter_id_number": "11010519491231002X",
    }
    with (
        mock.patch("intake.tasks.report_received_send.delay"),
        django_capture_on_commit_callbacks(execute=True),
        # the counter (one UPDATE), the report, its acknowledgement message, the outbox row
        # (and the transaction): no viewflow process, task, case, subject or sending.
        django_assert_max_num_queries(6),
    ):
        file_through_the_api(client, **real_name)
