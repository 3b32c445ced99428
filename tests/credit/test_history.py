"""Triage and investigation see the subject's history: other reports, cases and records."""

import pytest
from django.template import Context, Template

from credit.models import Listing
from credit.selectors import subject_history
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


def test_history_shows_earlier_reports_cases_and_records_of_the_subject(
    blacklisted, submit, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    code = credit_code(4001)
    earlier_case, _ = blacklisted(code=code)
    penalty_case = case_decided(subject_credit_code=code, bureau_code="tax", area_code="tax_fake_invoices")
    outcome_add(penalty_case, Outcome.Kind.PENALTY)
    decided(penalty_case)
    with django_capture_on_commit_callbacks(execute=True):
        loose = submit(subject_kind="organisation", subject_name="某公司", subject_credit_code=code)
    unrelated, _ = blacklisted(code=credit_code(4002))
    current = case_decided(subject_credit_code=code)

    with django_assert_max_num_queries(8):
        histories = subject_history(case=current)
    assert len(histories) == 1
    history = histories[0]
    assert history.subject.credit_code == code
    assert history.listed is True
    assert {r.pk for r in history.reports} == {
        earlier_case.report_id,
        penalty_case.report_id,
        loose.report.pk,
    }
    assert current.report_id not in {r.pk for r in history.reports}
    assert sorted(r.kind for r in history.records) == ["blacklist", "penalty"]
    assert {r.case_id for r in history.records} == {earlier_case.pk, penalty_case.pk}
    assert unrelated.report_id not in {r.pk for r in history.reports}


def test_history_of_a_person_links_through_outcomes_and_never_shows_the_number():
    number = id_number(77)
    person = {
        "subject_kind": Report.SubjectKind.PERSON,
        "subject_name": "刘某",
        "subject_id_number": number,
        "subject_id_hash": keyed_hash(number, purpose="id"),
    }
    first = case_decided(subject_kind=Report.SubjectKind.PERSON, subject_name="刘某")
    outcome_add(first, Outcome.Kind.INTERVIEW, **person)
    decided(first)
    second = case_decided(subject_kind=Report.SubjectKind.PERSON, subject_name="刘某")
    outcome_add(second, Outcome.Kind.PENALTY, **person)

    history = subject_history(case=second)
    assert [h.subject.id_hash for h in history] == [keyed_hash(number, purpose="id")]
    assert first.report_id in {r.pk for r in history[0].reports}

    html = Template("{% load credit %}{% subject_history case %}").render(Context({"case": second}))
    assert first.reference in html
    assert number not in html
    assert number[:4] + "**********" + number[-4:] in html
    assert first.report.description not in html


def test_a_case_naming_nobody_has_no_history():
    case = case_decided(subject_kind=Report.SubjectKind.UNKNOWN, subject_name="")
    assert subject_history(case=case) == []
    html = Template("{% load credit %}{% subject_history case %}").render(Context({"case": case}))
    assert "credit-history" in html


def test_an_ended_listing_no_longer_marks_the_subject(blacklisted):
    from credit.services.listings import listing_end

    code = credit_code(4003)
    case, outcome = blacklisted(code=code)
    listing_end(listing=Listing.objects.get(outcome=outcome), state=Listing.State.EXPIRED, reason="期满。")
    history = subject_history(case=case_decided(subject_credit_code=code))
    assert history[0].listed is False
    assert "listing_ended" in [r.kind for r in history[0].records]


def test_history_finds_subjects_linked_to_the_report_or_recorded_on_the_case(django_assert_max_num_queries):
    """Without a credit code or an identity number, the subjects come from the report's links
    and the case's credit records, each once; another case's subjects stay out."""
    from django.utils import timezone

    from credit.models import CreditRecord, Subject, SubjectReport

    case = case_decided(subject_name="某劳务公司")
    other = case_decided(subject_name="某劳务公司")
    linked = Subject.objects.create(kind=Subject.Kind.ORGANISATION, name="某劳务公司")
    recorded = Subject.objects.create(kind=Subject.Kind.ORGANISATION, name="某建筑公司")
    elsewhere = Subject.objects.create(kind=Subject.Kind.ORGANISATION, name="某装修公司")
    SubjectReport.objects.create(subject=linked, report=case.report)
    SubjectReport.objects.create(subject=linked, report=other.report)
    SubjectReport.objects.create(subject=elsewhere, report=other.report)
    now = timezone.now()
    for subject, on in ((recorded, case), (linked, case), (elsewhere, other)):
        CreditRecord.objects.create(
            subject=subject, kind=CreditRecord.Kind.PENALTY, case=on, occurred_at=now, valid_from=now.date()
        )

    with django_assert_max_num_queries(8):
        histories = subject_history(case=case)
    assert [history.subject for history in histories] == [linked, recorded]
    assert [report.pk for report in histories[0].reports] == [other.report_id]
    assert [len(history.records) for history in histories] == [1, 1]
