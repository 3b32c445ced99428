"""Deadlines of human tasks: the reminder (催办) at the deadline, the supervisor alert (督办)
ESCALATION working days later, fired by the periodic job with a frozen clock."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from workflow.deadlines import escalation_at
from workflow.models import Case, HistoryEntry
from workflow.signals import TaskEvent

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)


def test_overdue_task_reminds_then_escalates(
    file_report, drive, fire_timers, signals_sent, hrss_officer, flow
):
    case = file_report()
    drive.dispatch(case)
    sign = flow.open_task(case, "sign")
    due = datetime.datetime.fromisoformat(sign.data["due_at"])
    alert = escalation_at(due, area=case.area)
    assert alert > due

    with time_machine.travel(due - MINUTE):
        fire_timers()
    assert not case.history.filter(event=HistoryEntry.Event.REMINDER).exists()

    with time_machine.travel(due + MINUTE):
        fire_timers()
        fire_timers()  # a second run in the same minute changes nothing
    reminders = case.history.filter(event=HistoryEntry.Event.REMINDER)
    assert reminders.count() == 1 and reminders.get().task_id == sign.pk
    reminded = [s for s in signals_sent["task"] if s["event"] == TaskEvent.REMINDER]
    assert reminded == [
        {
            "task_id": sign.pk,
            "case_id": case.pk,
            "bureau_id": case.bureau_id,
            "user_id": None,
            "event": "reminder",
            "actor_id": None,
        }
    ]
    assert not case.history.filter(event=HistoryEntry.Event.ESCALATION).exists()

    with time_machine.travel(alert + MINUTE):
        fire_timers()
    escalated = [s for s in signals_sent["task"] if s["event"] == TaskEvent.ESCALATION]
    assert [s["task_id"] for s in escalated] == [sign.pk]
    case.refresh_from_db()
    assert (case.reminders, case.escalations) == (1, 1)
    # The task itself is untouched: still in the bureau's queue.
    sign.refresh_from_db()
    assert sign.status == "NEW"
    drive.sign(case)
    assert case.stage == Case.Stage.INVESTIGATING


def test_completed_task_is_neither_reminded_nor_escalated(file_report, drive, fire_timers, flow):
    case = file_report()
    drive.dispatch(case)
    sign = flow.open_task(case, "sign")
    due = datetime.datetime.fromisoformat(sign.data["due_at"])
    drive.sign(case)
    with time_machine.travel(escalation_at(due, area=case.area) + MINUTE):
        fire_timers()
    # Only the investigation (due in 15 working days) could still be reminded; the signing was done.
    assert not case.history.filter(event=HistoryEntry.Event.REMINDER, task_id=sign.pk).exists()


def test_reminder_goes_to_the_assignee(
    file_report, drive, act, fire_timers, signals_sent, hrss_officer, flow
):
    case = file_report()
    drive.to_investigation(case)
    task = flow.open_task(case, "investigate")
    assert task.owner == hrss_officer
    with time_machine.travel(case.investigation_due_at + MINUTE):
        fire_timers()
    reminded = [s for s in signals_sent["task"] if s["event"] == TaskEvent.REMINDER]
    assert [(s["task_id"], s["user_id"]) for s in reminded] == [(task.pk, hrss_officer.pk)]


def test_investigation_deadline_counts_fifteen_working_days_over_the_calendar(file_report, drive):
    # Signed on Friday 2026-09-18: the 15 working days count the make-up Sunday 2026-09-20 and
    # the make-up Saturday 2026-10-10, and skip the Mid-autumn holiday (09-25..27) and the
    # National Day week (10-01..07).
    with time_machine.travel(datetime.datetime(2026, 9, 18, 10, 0, tzinfo=timezone.get_current_timezone())):
        case = file_report()
        drive.to_investigation(case)
    due = timezone.localtime(case.investigation_due_at)
    assert due.date() == datetime.date(2026, 10, 15)
    assert (due.hour, due.minute) == (23, 59)


def test_fire_timers_command_runs_the_sweep(file_report, drive, capsys, flow):
    case = file_report()
    drive.dispatch(case)
    due = datetime.datetime.fromisoformat(flow.open_task(case, "sign").data["due_at"])
    with time_machine.travel(due + MINUTE):
        call_command("fire_timers")
    assert "1 timers fired" in capsys.readouterr().out
    assert case.history.filter(event=HistoryEntry.Event.REMINDER).exists()


def test_celery_task_takes_no_arguments_and_fires(file_report, drive, flow):
    from workflow.tasks import timers_fire

    case = file_report()
    drive.dispatch(case)
    due = datetime.datetime.fromisoformat(flow.open_task(case, "sign").data["due_at"])
    with time_machine.travel(due + MINUTE):
        result = timers_fire.apply().get()
    assert result == {"timers": 1, "cases_opened": 0}


def test_periodic_job_opens_the_case_of_a_report_left_without_one(db, submit):
    from workflow.services.timers import timers_fire

    # report_received was never handled (no on_commit run here): as after a crashed worker.
    submission = submit()
    assert not Case.objects.filter(report=submission.report).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        result = timers_fire()
    assert result["cases_opened"] == 1
    assert Case.objects.get(report=submission.report).stage == Case.Stage.TRIAGE


def test_beat_schedule_runs_the_timers_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["workflow-timers"]
    assert entry["task"] == "workflow.tasks.timers_fire" and entry["schedule"] == 60.0
