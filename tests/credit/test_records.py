"""Credit records are append-only: never updated or deleted in place; a correction supersedes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from credit.models import CreditRecord, RecordImmutable
from credit.services.records import record_correct
from tests.factories import case_decided, credit_code, decided, outcome_add
from workflow.models import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(db):
    case = case_decided(subject_credit_code=credit_code(8001))
    outcome = outcome_add(case, Outcome.Kind.PENALTY, summary="罚款五万元。")
    decided(case)
    return CreditRecord.objects.get(outcome=outcome)


def _unchanged(record):
    fresh = CreditRecord.objects.get(pk=record.pk)
    return (fresh.summary, fresh.valid_until, fresh.kind) == ("罚款五万元。", record.valid_until, record.kind)


def test_saving_an_existing_record_is_refused(record):
    record.summary = "罚款一万元。"
    with pytest.raises(RecordImmutable):
        record.save()
    assert _unchanged(record)


def test_queryset_update_and_bulk_update_are_refused(record):
    with pytest.raises(RecordImmutable):
        CreditRecord.objects.filter(pk=record.pk).update(summary="改了")
    record.summary = "改了"
    with pytest.raises(RecordImmutable), transaction.atomic():
        CreditRecord.objects.bulk_update([record], ["summary"])
    assert _unchanged(record)


def test_deleting_a_record_is_refused(record):
    with pytest.raises(RecordImmutable):
        record.delete()
    with pytest.raises(RecordImmutable):
        CreditRecord.objects.filter(pk=record.pk).delete()
    assert CreditRecord.objects.filter(pk=record.pk).exists()


def test_the_database_refuses_an_update_that_bypasses_the_orm(record):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE credit_creditrecord SET summary = %s WHERE id = %s", ["改了", record.pk])
    assert _unchanged(record)


def test_a_correction_is_a_new_record_that_supersedes(record, hrss_officer):
    correction = record_correct(record=record, user=hrss_officer, summary="罚款四万元（更正）。")
    assert correction.pk != record.pk
    assert correction.supersedes == record
    assert correction.kind == record.kind and correction.subject == record.subject
    assert _unchanged(record)
    current = CreditRecord.objects.filter(subject=record.subject).current()
    assert list(current) == [correction]


def test_a_record_is_corrected_once_and_a_correction_needs_text(record, hrss_officer):
    with pytest.raises(ValidationError) as error:
        record_correct(record=record, user=hrss_officer, summary="  ")
    assert "summary" in error.value.message_dict
    record_correct(record=record, user=hrss_officer, summary="更正一。")
    with pytest.raises(ValidationError):
        record_correct(record=record, user=hrss_officer, summary="更正二。")
    assert CreditRecord.objects.count() == 2
