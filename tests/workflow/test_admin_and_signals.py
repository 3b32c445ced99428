import pytest
from django.urls import reverse

from workflow import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["officer", "calendarday", "measure", "case", "identityaccesslog"])
def test_admin_lists_load(admin_client, file_report, model):
    file_report()
    assert admin_client.get(reverse(f"admin:workflow_{model}_changelist")).status_code == 200


def test_cases_cannot_be_added_or_changed_in_the_admin(admin_client, file_report):
    case = file_report()
    assert admin_client.get(reverse("admin:workflow_case_add")).status_code == 403
    response = admin_client.post(reverse("admin:workflow_case_change", args=[case.pk]), {"stage": "closed"})
    assert response.status_code == 403


def test_signals_wait_for_commit(
    file_report, triage_user, signals_sent, django_capture_on_commit_callbacks, flow
):
    case = file_report()
    signals_sent["case"].clear()
    signals_sent["task"].clear()
    task = flow.open_task(case, "triage")
    with django_capture_on_commit_callbacks() as callbacks:
        with services.task_activation(task=task, user=triage_user) as activation:
            services.case_triage(activation=activation, user=triage_user, action="dispatch")
        assert signals_sent == {"case": [], "task": []}
    assert callbacks
    for callback in callbacks:
        callback()
    assert [s["event"] for s in signals_sent["case"]] == ["dispatched"]
    created = [s for s in signals_sent["task"] if s["event"] == "created"]
    assert created and created[0]["bureau_id"] == case.report.area.routing.get(role="lead").bureau_id
    assert set(created[0]) == {"task_id", "case_id", "bureau_id", "user_id", "event", "actor_id"}


def test_failed_input_sends_nothing(
    file_report, triage_user, signals_sent, django_capture_on_commit_callbacks, flow
):
    from django.core.exceptions import ValidationError

    case = file_report()
    task = flow.open_task(case, "triage")
    services.task_take(task=task, user=triage_user)
    signals_sent["case"].clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        with services.task_activation(task=task, user=triage_user) as activation:
            services.case_triage(activation=activation, user=triage_user, action="reject", text="")
    assert callbacks == [] and signals_sent["case"] == []
    case.refresh_from_db()
    assert case.state == "open"


def test_taking_a_task_sends_assigned(
    file_report, triage_user, signals_sent, django_capture_on_commit_callbacks, flow
):
    case = file_report()
    task = flow.open_task(case, "triage")
    with django_capture_on_commit_callbacks(execute=True):
        services.task_take(task=task, user=triage_user)
    assert signals_sent["task"][-1] == {
        "task_id": task.pk,
        "case_id": case.pk,
        "bureau_id": None,
        "user_id": triage_user.pk,
        "event": "assigned",
        "actor_id": triage_user.pk,
    }


def test_every_case_event_has_a_history_label():
    from workflow.models import HistoryEntry
    from workflow.signals import CaseEvent, TaskEvent

    events = {value for name, value in vars(CaseEvent).items() if name.isupper()}
    events |= {TaskEvent.ASSIGNED, TaskEvent.REMINDER, TaskEvent.ESCALATION}
    assert events <= set(HistoryEntry.Event.values)
