"""The outbox: each message written once, delivered once, retried, failed, relayed."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from intake import crypto
from intake.models import Report
from intake.signals import reply_requested, report_received, report_stored
from notifications.models import Message
from notifications.services import message_deliver, outbox_relay
from tests.notifications import fakes

PHONE = "13800138000"
EMAIL = "resident@example.cn"


def test_hotline_report_is_acknowledged_by_sms_exactly_once(
    submit, file_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)

    message = Message.objects.get()
    assert (message.kind, message.channel, message.status) == ("received", "sms", "sent")
    assert message.attempts == 1
    sent = file_outbox("sms")
    assert list(sent) == [message.pk]
    assert submission.report.reference in sent[message.pk]
    assert submission.receipt not in sent[message.pk]

    # The same event again (a redelivered signal) writes and sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        report_received.send(sender=Report, report_id=submission.report.pk)
    assert Message.objects.count() == 1
    assert len(file_outbox("sms")) == 1


def test_acknowledgement_is_written_with_the_report_and_sent_only_after_it_commits(
    submit, file_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    # The outbox row is part of the report's transaction; nothing left the process yet.
    message = Message.objects.get()
    assert (message.kind, message.channel, message.status, message.queued_at) == (
        "received",
        "sms",
        "pending",
        None,
    )
    assert file_outbox("sms") == {}
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == "sent"
    assert list(file_outbox("sms")) == [message.pk]


def test_a_report_whose_transaction_fails_leaves_no_acknowledgement(
    submit, django_capture_on_commit_callbacks
):
    def fails_after_the_outbox_row(sender, report_id, **kwargs):
        assert Message.objects.filter(report_id=report_id).exists()
        raise RuntimeError("the database went away")

    report_stored.connect(fails_after_the_outbox_row, dispatch_uid="test-fails")
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
            submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    finally:
        report_stored.disconnect(dispatch_uid="test-fails")
    assert not Report.objects.exists()
    assert Message.objects.count() == 0
    assert callbacks == []


def test_wechat_report_is_acknowledged_through_wechat_when_configured(
    submit, file_outbox, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_ACKNOWLEDGE_SOURCES = ["wechat"]
    with django_capture_on_commit_callbacks(execute=True):
        submit(
            source=Report.Source.WECHAT,
            reporter_wechat_openid="o6_bmjrPTlm6_2sgVt7hMZOPfL2M",
            reporter_phone=PHONE,
        )
    message = Message.objects.get()
    assert message.channel == "wechat"
    assert "o6_bmjrPTlm6_2sgVt7hMZOPfL2M" in file_outbox("wechat")[message.pk]
    assert file_outbox("sms") == {}


def test_web_report_is_acknowledged_by_email_in_the_reporters_language(
    submit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(source=Report.Source.WEB, reporter_email=EMAIL, language="en")
    assert Message.objects.get().channel == "email"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [EMAIL]
    assert email.subject.endswith("report received")
    assert submission.report.reference in email.body
    assert submission.receipt not in email.body


@pytest.mark.parametrize(
    "source, contact",
    [
        (Report.Source.WECHAT, {"reporter_wechat_openid": "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"}),
        (Report.Source.SMS, {"reporter_phone": PHONE}),
        (Report.Source.EMAIL, {"reporter_email": EMAIL}),
    ],
)
def test_reports_answered_by_their_source_adapter_get_no_second_acknowledgement(
    submit, source, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(source=source, **contact)
    assert not Message.objects.filter(kind="received").exists()


@pytest.mark.parametrize(
    "contact, channel",
    [({"reporter_email": EMAIL, "reporter_phone": PHONE}, "email"), ({"reporter_phone": PHONE}, "sms")],
)
def test_web_report_is_acknowledged_through_the_contact_left(
    submit, contact, channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(source=Report.Source.WEB, **contact)
    assert list(Message.objects.values_list("channel", flat=True)) == [channel]


def test_anonymous_web_report_without_contact_gets_no_message(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(source=Report.Source.WEB)
    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_second_delivery_of_a_sent_message_sends_nothing(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(source=Report.Source.WEB, reporter_email=EMAIL)
    message = Message.objects.get()
    assert message_deliver(message_id=message.pk) is False
    assert len(mail.outbox) == 1
    assert Message.objects.get().attempts == 1


def test_failing_sender_retries_then_marks_message_failed_with_the_error(
    submit, use_sender, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    use_sender("sms", "tests.notifications.fakes.BrokenSender")
    fakes.CALLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    assert submission.report.pk  # the report is stored whatever the sender does
    message = Message.objects.get()
    assert message.status == Message.Status.FAILED
    assert message.attempts == 4
    assert [message.pk] * 4 == fakes.CALLS
    assert "gateway down for maintenance" in message.last_error


def test_sender_that_recovers_delivers_once_on_a_later_attempt(
    submit, use_sender, file_outbox, django_capture_on_commit_callbacks
):
    use_sender("sms", "tests.notifications.fakes.FlakySender")
    with django_capture_on_commit_callbacks(execute=True):
        submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    message = Message.objects.get()
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")
    assert list(file_outbox("sms")) == [message.pk]


def test_refused_message_fails_at_once_without_retrying(
    submit, use_sender, django_capture_on_commit_callbacks
):
    use_sender("sms", "tests.notifications.fakes.RefusingSender")
    fakes.CALLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("failed", 1)
    assert [message.pk] == fakes.CALLS
    assert "not a mobile phone" in message.last_error


def test_kept_error_never_quotes_the_address(
    submit, use_sender, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    use_sender("email", "tests.notifications.fakes.LeakyErrorSender")
    with django_capture_on_commit_callbacks(execute=True):
        submit(source=Report.Source.WEB, reporter_email=EMAIL)
    message = Message.objects.get()
    assert message.status == "failed"
    assert EMAIL not in message.last_error
    assert "mailbox *** is full" in message.last_error


def test_broker_down_at_commit_keeps_the_report_and_the_relay_sends_later(
    submit, settings, file_outbox, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "notifications.tasks.messages_send.apply_async", side_effect=OSError("Connection refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submission = submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    assert Report.objects.filter(pk=submission.report.pk).exists()
    message = Message.objects.get()
    assert (message.status, message.queued_at) == ("pending", None)
    assert file_outbox("sms") == {}

    settings.NOTIFICATIONS_RELAY_SETTLE = 0
    assert outbox_relay() == 1
    message.refresh_from_db()
    assert message.status == "sent"
    assert list(file_outbox("sms")) == [message.pk]
    assert outbox_relay() == 0


def test_relay_takes_back_a_message_stuck_in_sending_after_the_lease(
    submit, settings, file_outbox, django_capture_on_commit_callbacks
):
    with mock.patch("notifications.tasks.messages_send.apply_async"):
        with django_capture_on_commit_callbacks(execute=True):
            submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    message = Message.objects.get()
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    # A worker claimed it and died before sending.
    Message.objects.filter(pk=message.pk).update(
        status="sending", claimed_at=long_ago, queued_at=long_ago, attempts=1
    )
    settings.NOTIFICATIONS_SENDING_LEASE = 600

    assert outbox_relay() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(file_outbox("sms")) == 1


def test_message_being_sent_within_its_lease_is_not_sent_again(
    submit, file_outbox, django_capture_on_commit_callbacks
):
    with mock.patch("notifications.tasks.messages_send.apply_async"):
        with django_capture_on_commit_callbacks(execute=True):
            submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(status="sending", claimed_at=timezone.now())
    assert message_deliver(message_id=message.pk) is False
    assert outbox_relay() == 0
    assert file_outbox("sms") == {}


def test_relay_leaves_fresh_and_recently_queued_messages_alone(submit, django_capture_on_commit_callbacks):
    with mock.patch("notifications.tasks.messages_send.apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
        assert apply_async.call_count == 1
        assert outbox_relay() == 0
        assert apply_async.call_count == 1
    assert Message.objects.get().queued_at is not None


def test_reply_requested_keeps_the_address_encrypted_until_sending(
    submit, file_outbox, django_capture_on_commit_callbacks
):
    submission = submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    token = crypto.encrypt(PHONE)
    with mock.patch("notifications.tasks.messages_send.apply_async"):
        with django_capture_on_commit_callbacks(execute=True):
            reply_requested.send(
                sender=None,
                channel="sms",
                address_encrypted=token,
                text="已收到，编号见短信",
                report_id=submission.report.pk,
            )
    message = Message.objects.get(kind="source_reply")
    assert message.address_encrypted == token
    assert PHONE not in message.address_encrypted

    assert message_deliver(message_id=message.pk) is True
    text = file_outbox("sms")[message.pk]
    assert PHONE in text and "已收到，编号见短信" in text
    message.refresh_from_db()
    assert message.text == ""  # an adapter's text (it may hold a receipt) is not kept once sent


@pytest.mark.parametrize(
    "channel, token, text", [("fax", "x", "hello"), ("sms", "", "hello"), ("sms", "x", "  ")]
)
def test_unusable_reply_request_writes_nothing(db, channel, token, text, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply_requested.send(sender=None, channel=channel, address_encrypted=token, text=text, report_id=None)
    assert Message.objects.count() == 0


def test_report_is_stored_and_answered_even_if_its_notification_cannot_be_written(
    submit, caplog, django_capture_on_commit_callbacks
):
    with mock.patch("notifications.services.report_received_notify", side_effect=RuntimeError("db hiccup")):
        with django_capture_on_commit_callbacks(execute=True):
            submission = submit(source=Report.Source.HOTLINE, reporter_phone=PHONE)
    assert Report.objects.filter(pk=submission.report.pk).exists()
    assert "notification not written" in caplog.text
    assert PHONE not in caplog.text


def _received_sms(report, count: int) -> list[int]:
    rows = Message.objects.bulk_create(
        [
            Message(kind="received", channel="sms", report=report, context={"reference": report.reference})
            for _ in range(count)
        ]
    )
    return [row.pk for row in rows]


def test_a_batch_is_claimed_sent_and_marked_in_three_queries(
    submit, file_outbox, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from notifications.services import messages_deliver

    with mock.patch("notifications.tasks.messages_send.apply_async"):
        with django_capture_on_commit_callbacks(execute=True):
            report = submit(source=Report.Source.HOTLINE, reporter_phone=PHONE).report
    ids = _received_sms(report, 20)
    with django_assert_num_queries(3):  # claim, read, mark: whatever the batch size
        result = messages_deliver(message_ids=ids)
    assert sorted(result.sent) == ids and result.deferred == {}
    assert set(Message.objects.filter(pk__in=ids).values_list("status", "attempts")) == {("sent", 1)}
    assert set(file_outbox("sms")) >= set(ids)
    # Delivered again (a redelivered task, the relay's copy): nothing is sent twice.
    assert messages_deliver(message_ids=ids).sent == []
    assert set(Message.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}


def test_a_batch_skips_messages_sent_or_being_sent_and_defers_only_the_failing_one(
    submit, file_outbox, use_sender, settings, django_capture_on_commit_callbacks
):
    from notifications.services import messages_deliver

    with mock.patch("notifications.tasks.messages_send.apply_async"):
        with django_capture_on_commit_callbacks(execute=True):
            report = submit(source=Report.Source.HOTLINE, reporter_phone=PHONE).report
    sent, sending, fresh = _received_sms(report, 3)
    Message.objects.filter(pk=sent).update(status="sent")
    Message.objects.filter(pk=sending).update(status="sending", claimed_at=timezone.now())
    result = messages_deliver(message_ids=[sent, sending, fresh])
    assert result.sent == [fresh]
    assert set(file_outbox("sms")) == {fresh}

    use_sender("sms", "tests.notifications.fakes.BrokenSender")
    again = _received_sms(report, 1)[0]
    result = messages_deliver(message_ids=[again])
    assert result.sent == [] and again in result.deferred
    assert Message.objects.get(pk=again).status == "retry"


def test_hand_over_queues_one_task_per_batch(submit, settings, django_capture_on_commit_callbacks):
    from notifications.services import messages_hand_over

    settings.NOTIFICATIONS_SEND_BATCH = 4
    with mock.patch("notifications.tasks.messages_send.apply_async"):
        with django_capture_on_commit_callbacks(execute=True):
            report = submit(source=Report.Source.HOTLINE, reporter_phone=PHONE).report
    ids = _received_sms(report, 10)
    with mock.patch("notifications.tasks.messages_send.apply_async") as apply_async:
        assert messages_hand_over(message_ids=ids) == 10
    assert [call.args[0] for call in apply_async.call_args_list] == [(ids[:4],), (ids[4:8],), (ids[8:],)]
    assert Message.objects.filter(pk__in=ids, queued_at__isnull=False).count() == 10
