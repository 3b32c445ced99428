"""Decisions are published by the deciding bureau within 7 working days, or it is reminded."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from viewflow.workflow.timers import fire_due_timers

from credit.flows import PublicationFlow
from credit.models import Publication
from credit.services.publications import publication_publish
from workflow.models import Outcome
from workflow.signals import TaskEvent, task_changed

pytestmark = pytest.mark.django_db

CST = datetime.timezone(datetime.timedelta(hours=8))
MONDAY = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=CST)


def publish_task(publication):
    return Task.objects.get(process_id=publication.process_id, flow_task=PublicationFlow.publish)


@pytest.fixture
def pending(blacklisted):
    with time_machine.travel(MONDAY, tick=False):
        case, outcome = blacklisted()
    return Publication.objects.get(outcome=outcome)


def test_the_listing_appears_on_the_public_pages_once_published_within_the_deadline(
    pending, hrss_officer, client
):
    assert client.get(f"/credit/entries/{pending.pk}/").status_code == 404
    assert pending.public_name not in client.get("/credit/").content.decode()

    publish_at = datetime.datetime(2026, 11, 9, 15, 0, tzinfo=CST)
    with time_machine.travel(publish_at, tick=False):
        client.force_login(hrss_officer)
        task = publish_task(pending)
        page = client.get(f"/credit/tasks/{task.pk}/", follow=True)
        assert page.status_code == 200
        response = client.post(
            f"/credit/tasks/{task.pk}/", {"summary": "责令支付拖欠工资，列入失信黑名单。", "checked": "on"}
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == Publication.State.PUBLISHED
    assert pending.published_at <= pending.due_at
    assert pending.summary == "责令支付拖欠工资，列入失信黑名单。"
    assert Outcome.objects.get(pk=pending.outcome_id).published_at == pending.published_at

    client.logout()
    listing_page = client.get("/credit/")
    assert pending.public_name in listing_page.content.decode()
    detail = client.get(f"/credit/entries/{pending.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for fact in (
        pending.public_name,
        pending.credit_code,
        "儋人社罚〔2026〕12号",
        "2026-11-02",
        "《保障农民工工资支付条例》第五十四条",
    ):
        assert fact in detail
    for measure in (
        "May not leave the country",
        "No bullet trains (动车) or flights",
        "Barred from public tenders",
    ):
        assert measure in detail


def test_publishing_needs_the_check_and_a_text(pending, hrss_officer, client):
    client.force_login(hrss_officer)
    task = publish_task(pending)
    response = client.post(f"/credit/tasks/{task.pk}/", {"summary": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    pending.refresh_from_db()
    assert pending.state == Publication.State.PENDING


def test_another_bureau_cannot_publish(pending, psb_officer):
    with pytest.raises(PermissionDenied):
        publication_publish(publication=pending, user=psb_officer)
    pending.refresh_from_db()
    assert pending.state == Publication.State.PENDING


def test_an_overdue_publication_raises_a_reminder_and_stays_in_the_inbox(
    pending, django_capture_on_commit_callbacks
):
    heard = []

    def listen(sender, signal, **kwargs):
        heard.append(kwargs)

    task = publish_task(pending)
    task_changed.connect(listen)
    try:
        # Due at the end of Wednesday 2026-11-11.
        with time_machine.travel(datetime.datetime(2026, 11, 11, 23, 0, tzinfo=CST), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                fire_due_timers()
        assert not [k for k in heard if k["task_id"] == task.pk]
        with time_machine.travel(datetime.datetime(2026, 11, 12, 0, 5, tzinfo=CST), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                fire_due_timers()
    finally:
        task_changed.disconnect(listen)
    reminders = [k for k in heard if k["task_id"] == task.pk]
    assert reminders == [
        {
            "task_id": task.pk,
            "case_id": pending.case_id,
            "bureau_id": pending.bureau_id,
            "user_id": None,
            "event": TaskEvent.REMINDER,
            "actor_id": None,
        }
    ]
    pending.refresh_from_db()
    assert pending.reminded_at is not None
    task.refresh_from_db()
    assert task.status == STATUS.NEW


def test_a_withdrawn_publication_closes_its_task_without_publishing(pending, hrss_officer):
    from credit.services.publications import publication_withdraw

    publication_withdraw(publication=pending, reason="列入决定被撤销。")
    publication_publish(publication=pending, user=hrss_officer)
    pending.refresh_from_db()
    assert pending.state == Publication.State.WITHDRAWN
    assert publish_task(pending).status == STATUS.DONE
