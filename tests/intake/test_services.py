import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from intake import signals
from intake.models import Attachment, ReferenceCounter, Report, ReportMessage
from intake.receipts import receipt_hash, receipt_normalize
from intake.services import DESCRIPTION_MAX, DESCRIPTION_MIN, DuplicateReport, report_message_add

pytestmark = pytest.mark.django_db

NAME, PHONE, ID_NUMBER = "陈小明", "13812345678", "11010519491231002X"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def raw_row(report_id: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_report WHERE id = %s", [report_id])
        columns = [c[0] for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=False))


def nothing_stored() -> bool:
    return not (Report.objects.exists() or ReportMessage.objects.exists() or Attachment.objects.exists())


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


@pytest.mark.parametrize("source", Report.Source.values)
def test_a_report_can_be_filed_from_every_source(submit, source):
    submission = submit(source=source, reporter_phone="0898-23456789" if source == "hotline" else "")
    report = Report.objects.get(pk=submission.report.pk)
    assert report.source == source
    assert report.status == Report.Status.RECEIVED
    assert report.messages.filter(kind=ReportMessage.Kind.PUBLIC_UPDATE).count() == 1


def test_references_follow_the_year_and_increase(submit):
    year = timezone.localdate().year
    references = [submit().report.reference for _ in range(3)]
    numbers = []
    for reference in references:
        match = re.fullmatch(rf"DZ-{year}-(\d{{6}})", reference)
        assert match, reference
        numbers.append(int(match.group(1)))
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]
    assert ReferenceCounter.objects.get(year=year).last == numbers[-1]


def test_receipt_has_100_bits_and_only_its_keyed_hash_is_stored(submit):
    submission = submit()
    code = receipt_normalize(submission.receipt)
    assert len(code) == 20 and re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{20}", code)
    row = raw_row(submission.report.pk)
    assert row["receipt_hash"] == receipt_hash(submission.receipt)
    flat = " ".join(str(value) for value in row.values())
    assert submission.receipt not in flat
    assert code not in flat


def test_real_name_identity_is_not_readable_in_the_database(submit):
    report = submit(
        anonymous=False,
        reporter_name=NAME,
        reporter_phone=PHONE,
        reporter_id_number=ID_NUMBER,
        reporter_ip="203.0.113.7",
    ).report
    flat = " ".join(str(value) for value in raw_row(report.pk).values())
    for secret in (NAME, PHONE, ID_NUMBER, ID_NUMBER[:-1], "203.0.113.7"):
        assert secret not in flat
    stored = Report.objects.get(pk=report.pk)
    assert (stored.reporter_name, stored.reporter_phone, stored.reporter_id_number) == (
        NAME,
        PHONE,
        ID_NUMBER,
    )
    assert stored.reporter_ip == "203.0.113.7"


def test_anonymous_report_stores_no_ip_address(submit):
    report = submit(anonymous=True, reporter_ip="203.0.113.7").report
    assert raw_row(report.pk)["reporter_ip"] in ("", None)


def test_report_received_is_sent_only_after_commit(submit, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, report_id, **kwargs):
        received.append(report_id)

    signals.report_received.connect(receiver)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            report = submit().report
            assert received == []
        assert received == []
        for callback in callbacks:
            callback()
        assert received == [report.pk]
    finally:
        signals.report_received.disconnect(receiver)


def test_a_failing_validation_stores_nothing_and_issues_no_number(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError) as exc:
        submit(description="short", anonymous=False, reporter_name=NAME, reporter_phone="123")
    errors = errors_of(exc)
    assert set(errors) == {"description", "reporter_phone", "reporter_id_number"}
    assert nothing_stored()
    assert not ReferenceCounter.objects.exists()
    assert callbacks == []


def test_duplicate_external_id_raises_and_stores_one(submit):
    first = submit(source=Report.Source.WECHAT, external_id="msg-42").report
    with pytest.raises(DuplicateReport) as exc:
        submit(source=Report.Source.WECHAT, external_id="msg-42")
    assert exc.value.report.pk == first.pk
    assert Report.objects.count() == 1


def test_same_external_id_from_another_source_is_another_report(submit):
    submit(source=Report.Source.WECHAT, external_id="msg-42")
    submit(source=Report.Source.SMS, external_id="msg-42")
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    "length, accepted",
    [
        (DESCRIPTION_MIN - 1, False),
        (DESCRIPTION_MIN, True),
        (DESCRIPTION_MAX, True),
        (DESCRIPTION_MAX + 1, False),
    ],
)
def test_description_length_bounds(submit, length, accepted):
    description = "报" * length
    if accepted:
        assert submit(description=description).report.description == description
    else:
        with pytest.raises(ValidationError) as exc:
            submit(description=description)
        assert list(errors_of(exc)) == ["description"]
        assert nothing_stored()


def test_description_is_measured_without_surrounding_spaces(submit):
    with pytest.raises(ValidationError):
        submit(description="   短短短短   \n")


def test_answers_of_each_type_are_stored_clean(submit, question_area):
    report = submit(
        area=question_area,
        answers={"amount": "12,000.50", "paid_on": "2020-02-29", "channel": "bank", "note": " 三个月 "},
    ).report
    assert Report.objects.get(pk=report.pk).answers == {
        "amount": "12000.50",
        "paid_on": "2020-02-29",
        "channel": "bank",
        "note": "三个月",
    }


def test_blank_optional_answers_are_left_out(submit, question_area):
    report = submit(area=question_area, answers={"amount": "3", "paid_on": "", "note": None}).report
    assert report.answers == {"amount": "3"}


@pytest.mark.parametrize(
    "answers, field, message",
    [
        ({"amount": "a lot"}, "answers.amount", "Amount owed: enter a number of zero or more."),
        ({"amount": "-5"}, "answers.amount", "Amount owed: enter a number of zero or more."),
        ({"amount": "NaN"}, "answers.amount", "Amount owed: enter a number of zero or more."),
        ({"amount": "1", "paid_on": "2021-02-30"}, "answers.paid_on", "Last paid on: enter a date"),
        ({"amount": "1", "paid_on": "30/01/2021"}, "answers.paid_on", "Last paid on: enter a date"),
        ({"amount": "1", "channel": "crypto"}, "answers.channel", "How: choose one of the options."),
        (
            {"amount": "1", "note": "长" * 501},
            "answers.note",
            "Note: the answer is limited to 500 characters.",
        ),
        ({}, "answers.amount", "Please answer: Amount owed"),
        ({"amount": "1", "colour": "red"}, "answers", "There is no question colour for this area."),
    ],
)
def test_wrong_answers_are_refused_per_question(submit, question_area, answers, field, message):
    with pytest.raises(ValidationError) as exc:
        submit(area=question_area, answers=answers)
    errors = errors_of(exc)
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert nothing_stored()


def test_answer_date_in_the_future_is_refused(submit, question_area):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError) as exc:
        submit(area=question_area, answers={"amount": "1", "paid_on": tomorrow})
    assert list(errors_of(exc)) == ["answers.paid_on"]


def test_answers_without_an_area_are_refused(submit):
    with pytest.raises(ValidationError) as exc:
        submit(area=None, answers={"amount": "1"})
    assert errors_of(exc) == {"answers": ["Choose an area before answering its questions."]}


def test_inactive_area_takes_no_reports(submit, question_area):
    question_area.is_active = False
    question_area.save()
    with pytest.raises(ValidationError) as exc:
        submit(area=question_area, answers={"amount": "1"})
    assert "area" in errors_of(exc)


def test_occurred_on_in_the_future_is_refused(submit):
    with pytest.raises(ValidationError) as exc:
        submit(occurred_on=timezone.localdate() + datetime.timedelta(days=1))
    assert list(errors_of(exc)) == ["occurred_on"]


def test_subject_credit_code_is_validated_and_normalised(submit):
    report = submit(
        subject_kind=Report.SubjectKind.ORGANISATION, subject_credit_code="91350100m000100y43"
    ).report
    assert report.subject_credit_code == "91350100M000100Y43"
    with pytest.raises(ValidationError) as exc:
        submit(subject_credit_code="91350100M000100Y44")
    assert list(errors_of(exc)) == ["subject_credit_code"]
    assert "check character" in errors_of(exc)["subject_credit_code"][0]


def test_unknown_subject_kind_is_refused(submit):
    with pytest.raises(ValidationError) as exc:
        submit(subject_kind="alien")
    assert list(errors_of(exc)) == ["subject_kind"]


def test_subject_contacts_are_trimmed_and_limited(submit):
    report = submit(subject_contacts=[" 17012345678 ", "", "wx: fraud_account"]).report
    assert report.subject_contacts == ["17012345678", "wx: fraud_account"]
    with pytest.raises(ValidationError) as exc:
        submit(subject_contacts=[str(n) for n in range(11)])
    assert list(errors_of(exc)) == ["subject_contacts"]


def test_anonymous_report_cannot_carry_a_name(submit):
    with pytest.raises(ValidationError) as exc:
        submit(anonymous=True, reporter_name=NAME)
    assert list(errors_of(exc)) == ["anonymous"]
    assert nothing_stored()


def test_real_name_report_needs_name_phone_and_valid_identity_number(submit):
    with pytest.raises(ValidationError) as exc:
        submit(
            anonymous=False, reporter_name=NAME, reporter_phone=PHONE, reporter_id_number="110105194912310021"
        )
    assert list(errors_of(exc)) == ["reporter_id_number"]


def test_report_language_falls_back_to_the_default(submit, settings):
    assert submit(language="fr").report.language == settings.LANGUAGE_CODE
    assert submit(language="en").report.language == "en"


def test_reporter_message_stays_on_own_report_and_signals_the_main_one(
    submit, django_capture_on_commit_callbacks
):
    main = submit().report
    merged = submit().report
    merged.merged_into = main
    merged.save()
    added = []

    def receiver(sender, report_id, message_id, **kwargs):
        added.append((report_id, message_id))

    signals.reporter_message_added.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            message = report_message_add(report=merged, text="补充:对方又打来电话。")
    finally:
        signals.reporter_message_added.disconnect(receiver)
    assert message.report_id == merged.pk
    assert added == [(main.pk, message.pk)]


def test_empty_reporter_message_is_refused(submit):
    report = submit().report
    with pytest.raises(ValidationError) as exc:
        report_message_add(report=report, text="   ")
    assert list(errors_of(exc)) == ["text"]
    assert not report.messages.filter(kind=ReportMessage.Kind.REPORTER_INFO).exists()
