"""What the messages to a reporter promise: a review time on receipt and a time to answer a
question, each only from the number the city adopted; nothing while only a draft exists."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from intake.models import Report, ReportMessage
from intake.services import report_answer_due_set
from notifications.models import Message
from tests.policies import policy_set
from workflow.models import Case
from workflow.signals import CaseEvent, case_changed

PHONE = "13900139000"
EMAIL = "resident@example.cn"
OPENID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"

# source, contact, channel, how the reporter reads it
CHANNELS = [
    (Report.Source.WEB, {"reporter_email": EMAIL}, "email"),
    (Report.Source.HOTLINE, {"reporter_phone": PHONE}, "sms"),
    (Report.Source.WECHAT, {"reporter_wechat_openid": OPENID}, "wechat"),
]


@pytest.fixture(autouse=True)
def _acknowledge_every_source(settings):
    settings.NOTIFICATIONS_ACKNOWLEDGE_SOURCES = ["web", "hotline", "wechat"]


def _delivered(channel: str, message: Message, file_outbox) -> str:
    if channel == "email":
        return mail.outbox[-1].body
    return file_outbox(channel)[message.pk]


def _acknowledgement(submit, capture, file_outbox, source, contact, channel, language) -> str:
    with capture(execute=True):
        report = submit(source=source, language=language, **contact).report
    message = Message.objects.get(report=report, kind=Message.Kind.RECEIVED)
    assert (message.channel, message.status) == (channel, "sent")
    return _delivered(channel, message, file_outbox)


@pytest.mark.parametrize("source, contact, channel", CHANNELS)
def test_the_acknowledgement_promises_a_review_time_only_once_adopted(
    submit, django_capture_on_commit_callbacks, file_outbox, source, contact, channel
):
    def acknowledgement(language):
        return _acknowledgement(
            submit, django_capture_on_commit_callbacks, file_outbox, source, contact, channel, language
        )

    english, chinese = acknowledgement("en"), acknowledgement("zh-hans")
    assert "We received your report" in english and "review" not in english and "working day" not in english
    assert "您的举报已收到" in chinese and "工作日" not in chinese and "审核" not in chinese

    policy_set("promise-triage-review", value={"working_days": 2})
    assert "The complaint centre will review it within 2 working days." in acknowledgement("en")
    assert "投诉举报中心将在2个工作日内审核。" in acknowledgement("zh-hans")
    policy_set("promise-triage-review", value={"working_days": 1})
    assert "within 1 working day." in acknowledgement("en")


def test_the_promise_told_is_the_one_in_force_at_receipt(
    submit, django_capture_on_commit_callbacks, file_outbox, settings
):
    """A message sent after a later adoption still says what was promised when it came in."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(source=Report.Source.HOTLINE, reporter_phone=PHONE, language="en")
    policy_set("promise-triage-review", value={"working_days": 3})
    for callback in callbacks:
        callback()
    text = file_outbox("sms")[Message.objects.get(kind=Message.Kind.RECEIVED).pk]
    assert "working day" not in text


@pytest.mark.parametrize("source, contact, channel", CHANNELS)
def test_a_question_tells_the_time_to_answer_only_once_adopted(
    submit, make_case, django_capture_on_commit_callbacks, file_outbox, source, contact, channel
):
    def question_message(language: str, due=None) -> str:
        report = submit(source=source, language=language, **contact).report
        case = make_case(report)
        ReportMessage.objects.create(report=report, kind="question", text="Which company is it?")
        report_answer_due_set(report=report, due_at=due)
        with django_capture_on_commit_callbacks(execute=True):
            case_changed.send(
                sender=Case, case_id=case.pk, event=CaseEvent.MORE_INFO_REQUESTED, actor_id=None
            )
        message = Message.objects.get(report=report, kind=Message.Kind.MORE_INFO)
        return _delivered(channel, message, file_outbox)

    english = question_message("en")
    assert "Which company is it?" in english and "working day" not in english and "closed" not in english
    chinese = question_message("zh-hans")
    assert "工作日" not in chinese and "办结" not in chinese

    # Adopted: the case was given a date from the adopted number, and the message tells both.
    policy_set("answer-period", value={"working_days": 5})
    due = timezone.make_aware(datetime.datetime(2026, 12, 9, 23, 59, 59))
    english = question_message("en", due)
    assert (
        "You have 5 working days to answer, until 2026-12-09; without an answer by then, "
        "your report is closed." in english
    )
    chinese = question_message("zh-hans", due)
    assert "答复时限为5个工作日，截至2026年12月9日；逾期未答复的，举报将办结。" in chinese
