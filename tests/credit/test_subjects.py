"""Reports and outcomes with the same credit code or ID number link to one credit subject."""

import pytest

from credit.models import CreditRecord, Subject, SubjectReport
from credit.services.subjects import subject_resolve
from intake.crypto import keyed_hash
from intake.models import Report
from tests.factories import (
    case_decided,
    credit_code,
    decided,
    id_number,
    outcome_add,
)
from workflow.models import Outcome

pytestmark = pytest.mark.django_db


def test_the_same_credit_code_in_two_reports_links_one_subject(submit, django_capture_on_commit_callbacks):
    code = credit_code(7001)
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(subject_kind="organisation", subject_name="某劳务公司", subject_credit_code=code)
    with django_capture_on_commit_callbacks(execute=True):
        # Typed differently: lower case and with spaces.
        second = submit(
            subject_kind="organisation",
            subject_name="某劳务有限公司",
            subject_credit_code=code.lower()[:9] + " " + code.lower()[9:],
        )
    subject = Subject.objects.get()
    assert subject.credit_code == code
    assert subject.name == "某劳务公司"
    linked = set(SubjectReport.objects.filter(subject=subject).values_list("report_id", flat=True))
    assert linked == {first.report.pk, second.report.pk}


def test_a_report_without_a_credit_code_creates_no_subject(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(subject_kind="organisation", subject_name="某公司")
    assert not Subject.objects.exists()


def test_a_report_and_a_later_decision_on_the_same_code_share_the_subject(
    submit, django_capture_on_commit_callbacks
):
    code = credit_code(7002)
    with django_capture_on_commit_callbacks(execute=True):
        earlier = submit(subject_kind="organisation", subject_name="某公司", subject_credit_code=code)
    case = case_decided(subject_credit_code=code)
    outcome = outcome_add(case, Outcome.Kind.PENALTY)
    decided(case)
    subject = Subject.objects.get()
    assert CreditRecord.objects.get(outcome=outcome).subject == subject
    assert set(subject.report_links.values_list("report_id", flat=True)) == {
        earlier.report.pk,
        case.report_id,
    }


def test_outcomes_naming_the_same_person_link_one_subject():
    number = id_number(42)
    outcomes = []
    for name in ("李四", "李 四"):
        case = case_decided(subject_kind=Report.SubjectKind.PERSON, subject_name=name)
        outcomes.append(
            outcome_add(
                case,
                Outcome.Kind.PENALTY,
                subject_kind=Report.SubjectKind.PERSON,
                subject_name=name,
                subject_id_number=number,
                subject_id_hash=keyed_hash(number, purpose="id"),
            )
        )
        decided(case)
    subject = Subject.objects.get()
    assert {r.subject_id for r in CreditRecord.objects.filter(outcome__in=outcomes)} == {subject.pk}
    assert subject.id_number == number  # decrypted for code; see the next test for the table


def test_the_id_number_is_stored_encrypted():
    from django.db import connection

    number = id_number(43)
    subject_resolve(kind="person", name="赵六", id_number=number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_masked, id_hash FROM credit_subject")
        stored, masked, id_hash = cursor.fetchone()
    assert number not in stored
    assert masked == number[:4] + "**********" + number[-4:]
    assert id_hash == keyed_hash(number, purpose="id")


def test_a_malformed_credit_code_is_not_a_key():
    assert subject_resolve(kind="organisation", name="某公司", credit_code="91460400MA0000001X") is None
    assert not Subject.objects.exists()
