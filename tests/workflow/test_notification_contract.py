"""What the workflow tells notifications, end to end: who hears of a task, every closure
reaches the reporter in words that fit it, the reporter's additions reach the officer, and
the links in messages open the real case page."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Message, Notice
from notifications.rendering import message_render
from notifications.services.texts import message_context
from tests.policies import policy_set
from workflow import services
from workflow.models import Case

pytestmark = pytest.mark.django_db
PHONE = "13900139000"


def closed_text(case) -> str:
    [message] = Message.objects.filter(kind=Message.Kind.CLOSED, report_id=case.report_id)
    _subject, body = message_render(message.kind, "en", message_context(message))
    return body


@pytest.mark.parametrize(
    "action, text, resolution, words",
    [
        ("reject", "不属于诚信问题举报范围。", Case.Resolution.REJECTED, "was not accepted"),
        ("emergency", "14:05 已电话转110。", Case.Resolution.EMERGENCY, "police emergency line 110"),
    ],
)
def test_a_closure_at_triage_reaches_the_reporter_worded_for_it(
    file_report, act, triage_user, signals_sent, action, text, resolution, words
):
    case = file_report(reporter_phone=PHONE, language="en")
    act(case, "triage", triage_user, services.case_triage, action=action, text=text)
    assert case.resolution == resolution
    assert "closed" in [s["event"] for s in signals_sent["case"] if s["case_id"] == case.pk]
    assert words in closed_text(case)


def test_a_merged_reporter_hears_which_case_now_carries_their_report(file_report, drive, act, triage_user):
    main = file_report()
    drive.dispatch(main)
    duplicate = file_report(
        reporter_phone=PHONE, language="en", description="同一个工地又拖欠工资,是同一件事。"
    )
    act(duplicate, "triage", triage_user, services.case_triage, action="merge", merge_into=main.reference)
    body = closed_text(duplicate)
    assert "joined to that case" in body and main.reference in body


def test_a_case_whose_reporter_never_answered_tells_them_why_it_closed(
    file_report, act, triage_user, fire_timers
):
    policy_set("answer-period", value={"working_days": 5})
    case = file_report(reporter_phone=PHONE, language="en")
    act(case, "triage", triage_user, services.case_triage, action="ask", text="请提供工地的具体地址。")
    question = Message.objects.get(report_id=case.report_id, kind=Message.Kind.MORE_INFO)
    _subject, body = message_render("more_info", "en", message_context(question))
    due = timezone.localtime(case.due_at).date().isoformat()
    assert f"You have 5 working days to answer, until {due}; without an answer by then" in body
    with time_machine.travel(case.due_at + timezone.timedelta(minutes=1)):
        fire_timers()
    case.refresh_from_db()
    assert case.resolution == Case.Resolution.NO_REPLY
    assert "did not arrive in time" in closed_text(case)


def test_a_handled_case_closes_with_thanks(file_report, drive, reporter):
    case = file_report(reporter_phone=PHONE, language="en")
    drive.to_reply(case)
    drive.reply(case)
    reporter.rate(case, 5)
    case.refresh_from_db()
    assert case.resolution == Case.Resolution.HANDLED
    assert "Thank you" in closed_text(case)


def test_taking_a_task_oneself_sends_no_new_task_notice(
    file_report, triage_user, flow, signals_sent, django_capture_on_commit_callbacks
):
    case = file_report()
    task = flow.open_task(case, "triage")
    with django_capture_on_commit_callbacks(execute=True):
        services.task_take(task=task, user=triage_user)
    assigned = [s for s in signals_sent["task"] if s["event"] == "assigned"]
    assert assigned and assigned[-1]["actor_id"] == triage_user.pk == assigned[-1]["user_id"]
    assert not Notice.objects.filter(user=triage_user).exists()


def test_the_next_step_given_back_to_the_officer_who_finished_the_last_one_is_not_news(
    file_report, drive, hrss_officer, signals_sent
):
    case = file_report()
    drive.to_investigation(case)
    drive.to_decision(case)  # decide goes back to the investigating officer
    decide = [s for s in signals_sent["task"] if s["event"] == "created" and s["user_id"] == hrss_officer.pk][
        -1
    ]
    assert decide["actor_id"] == hrss_officer.pk
    assert not Notice.objects.filter(user=hrss_officer, kind="task_new").exists()


def test_a_bureau_head_reassigning_a_task_tells_the_new_assignee(
    file_report, drive, hrss_head, officer, flow, django_capture_on_commit_callbacks
):
    case = file_report()
    drive.dispatch(case)
    colleague = officer("hrss_two", "hrss", "officer")
    with django_capture_on_commit_callbacks(execute=True):
        services.task_reassign(task=flow.open_task(case, "sign"), user=hrss_head, assignee=colleague)
    assert Notice.objects.filter(user=colleague, kind="task_new").exists()


def test_the_reporters_added_information_reaches_the_investigating_officer(
    file_report, drive, reporter, hrss_officer, django_capture_on_commit_callbacks
):
    case = file_report()
    drive.to_investigation(case)
    reporter.answer(case, text="还有一个情况需要补充说明。")
    [notice] = Notice.objects.filter(kind="reporter_info")
    assert notice.user_id == hrss_officer.pk and notice.case_id == case.pk


def test_the_link_in_an_officers_message_opens_the_case_page(
    file_report, drive, hrss_head, officer, flow, django_capture_on_commit_callbacks
):
    case = file_report()
    drive.dispatch(case)
    colleague = officer("hrss_three", "hrss", "officer")
    with django_capture_on_commit_callbacks(execute=True):
        services.task_reassign(task=flow.open_task(case, "sign"), user=hrss_head, assignee=colleague)
    message = Message.objects.filter(user=colleague, kind="task_new").first()
    url = message_context(message)["case_url"]
    path = url.split("localhost:8000", 1)[1]
    assert path == reverse("case:case_detail", args=[case.reference])
    client = Client()
    client.force_login(colleague)
    assert client.get(path).status_code == 200
    notices = client.get(reverse("notifications:notice_list")).content.decode()
    assert f'href="{path}"' in notices
