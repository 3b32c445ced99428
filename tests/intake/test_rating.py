"""report_rate and the other services the workflow calls in intake."""

import pytest
from django.core.exceptions import ValidationError

from intake.models import Report, ReportMessage
from intake.services import report_merge, report_message_post, report_rate
from intake.signals import reporter_rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(submit):
    report = submit().report
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DECIDED)
    report_message_post(report=report, kind=ReportMessage.Kind.REPLY, text="已处理。")
    return Report.objects.get(pk=report.pk)


def test_rating_is_sent_after_commit_with_the_dispute_as_a_message(
    replied, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    reporter_rated.connect(listener, weak=False)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            report_rate(report=replied, rating=2, dispute="结果不属实。")
            assert received == []
        for callback in callbacks:
            callback()
    finally:
        reporter_rated.disconnect(listener)
    message = ReportMessage.objects.get(report=replied, kind=ReportMessage.Kind.REPORTER_INFO)
    assert message.text == "结果不属实。"
    assert received[0]["report_id"] == replied.pk and received[0]["rating"] == 2
    assert received[0]["message_id"] == message.pk


@pytest.mark.parametrize("rating", [0, 6, None, "3", 2.5, True])
def test_bad_rating_is_refused_and_stores_nothing(replied, rating):
    with pytest.raises(ValidationError) as error:
        report_rate(report=replied, rating=rating, dispute="x")
    assert "rating" in error.value.message_dict
    assert not ReportMessage.objects.filter(kind=ReportMessage.Kind.REPORTER_INFO).exists()


def test_a_report_not_replied_to_cannot_be_rated(submit):
    with pytest.raises(ValidationError):
        report_rate(report=submit().report, rating=5)


def test_a_merged_report_follows_its_main_report(submit):
    main, duplicate = submit().report, submit().report
    Report.objects.filter(pk=main.pk).update(status=Report.Status.HANDLING)
    main.refresh_from_db()
    report_merge(report=duplicate, into=main, public_note="已合并。")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == main and duplicate.status == Report.Status.HANDLING
    assert duplicate.messages.filter(kind=ReportMessage.Kind.PUBLIC_UPDATE, text="已合并。").exists()
    with pytest.raises(ValueError):
        report_merge(report=main, into=duplicate)


def test_the_handling_side_cannot_post_as_the_reporter(submit):
    with pytest.raises(ValueError):
        report_message_post(report=submit().report, kind=ReportMessage.Kind.REPORTER_INFO, text="x")
