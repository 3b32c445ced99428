"""No plain reporter phone, e-mail, name or OpenID in a Celery message, a log line or an
outbox row, on any path a message takes (sent, retried, failed, relayed)."""

import logging
from unittest import mock

import pytest
from django.db import connection

from intake import crypto
from intake.models import Report
from intake.signals import reply_requested
from notifications.services import outbox_relay
from notifications.tasks import message_send, messages_send
from workflow.signals import CaseEvent, case_changed

NAME = "王小明"
PHONE = "13712345678"
EMAIL = "wang.xiaoming@example.cn"
OPENID = "oPrivacyOpenId1234567890abc"
ID_NUMBER = "11010519491231002X"
SECRETS = [NAME, PHONE, EMAIL, OPENID, ID_NUMBER]


def table_text(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return repr(cursor.fetchall())


def record_text(record: logging.LogRecord) -> str:
    return record.getMessage() + repr(record.__dict__) + repr(getattr(record, "exc_text", ""))


@pytest.mark.parametrize(
    "source, sender",
    [
        (Report.Source.SMS, None),
        (Report.Source.EMAIL, None),
        (Report.Source.WECHAT, None),
        (Report.Source.SMS, "tests.notifications.fakes.BrokenSender"),
    ],
)
def test_reporter_identity_stays_out_of_task_messages_logs_and_outbox(
    submit, make_case, use_sender, settings, source, sender, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    if sender:
        use_sender("sms", sender)
    published = []

    def recording(task):
        original = task.apply_async

        def record(*args, **kwargs):
            published.append(repr((args, kwargs)))
            return original(*args, **kwargs)

        return record

    with (
        mock.patch.object(message_send, "apply_async", side_effect=recording(message_send)),
        mock.patch.object(messages_send, "apply_async", side_effect=recording(messages_send)),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            report = submit(
                source=source,
                anonymous=False,
                reporter_name=NAME,
                reporter_phone=PHONE,
                reporter_id_number=ID_NUMBER,
                reporter_email=EMAIL,
                reporter_wechat_openid=OPENID,
            ).report
        case = make_case(report)
        with django_capture_on_commit_callbacks(execute=True):
            case_changed.send(sender=None, case_id=case.pk, event=CaseEvent.CLOSED, actor_id=None)
            reply_requested.send(
                sender=None,
                channel="email",
                address_encrypted=crypto.encrypt(EMAIL),
                text="Thank you",
                report_id=report.pk,
            )
        settings.NOTIFICATIONS_RELAY_SETTLE = 0
        outbox_relay()

    assert published, "messages were handed to Celery"
    stored = table_text("notifications_message") + table_text("notifications_notice")
    logged = "\n".join(record_text(r) for r in caplog.records)
    for secret in SECRETS:
        for text in published:
            assert secret not in text
        assert secret not in stored
        assert secret not in logged
