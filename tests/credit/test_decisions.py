"""A decided case becomes credit records, a listing with enforcement tasks, and publication tasks."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from credit.flows import EnforcementFlow, PublicationFlow
from credit.models import (
    CreditRecord,
    Enforcement,
    Listing,
    Publication,
    RedListEntry,
    Subject,
)
from credit.services.decisions import decisions_sweep
from intake.models import Bureau, Report
from tests.factories import (
    case_decided,
    credit_code,
    decided,
    id_number,
    outcome_add,
)
from workflow.deadlines import due_at
from workflow.models import Outcome, Step
from workflow.permissions import bureau_permission
from workflow.signals import TaskEvent, task_changed

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def open_tasks(node):
    return Task.objects.filter(flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED])


def test_blacklisted_case_creates_one_enforcement_task_per_measure_at_its_bureau(blacklisted):
    with time_machine.travel(MONDAY, tick=False):
        case, outcome = blacklisted()

    listing = Listing.objects.get(outcome=outcome)
    assert listing.state == Listing.State.ACTIVE
    expected = {"restrict_exit": "psb", "restrict_flights_trains": "court", "bar_tenders": "gov_services"}
    enforcements = {e.measure.code: e for e in listing.enforcements.select_related("measure", "bureau")}
    assert {code: e.bureau.code for code, e in enforcements.items()} == expected
    tasks = list(open_tasks(EnforcementFlow.confirm))
    assert len(tasks) == 3
    assert {t.owner_permission for t in tasks} == {
        bureau_permission(Bureau.objects.get(code=code).pk) for code in expected.values()
    }
    # Due per the ENFORCEMENT policy (10 working days from the decision).
    for enforcement in enforcements.values():
        assert enforcement.due_at == due_at(Step.ENFORCEMENT, area=case.area, start=MONDAY)
        assert enforcement.state == Enforcement.State.PENDING


def test_blacklisted_case_gives_the_deciding_bureau_a_publication_task_due_in_7_working_days(blacklisted):
    with time_machine.travel(MONDAY, tick=False):
        case, outcome = blacklisted()
    publication = Publication.objects.get(outcome=outcome)
    assert publication.kind == Publication.Kind.BLACKLIST
    assert publication.state == Publication.State.PENDING
    # 2026-11-02 plus 7 working days is Wednesday 2026-11-11, end of day.
    assert timezone.localtime(publication.due_at).date() == datetime.date(2026, 11, 11)
    task = open_tasks(PublicationFlow.publish).get()
    assert task.owner_permission == bureau_permission(case.bureau_id)
    outcome.refresh_from_db()
    assert outcome.publication_due_at == publication.due_at


def test_blacklist_writes_a_record_with_case_bureau_basis_and_validity(blacklisted):
    case, outcome = blacklisted()
    record = CreditRecord.objects.get(outcome=outcome)
    assert record.kind == CreditRecord.Kind.BLACKLIST
    assert record.case == case and record.bureau == case.bureau and record.area == case.area
    assert record.legal_basis == outcome.legal_basis
    assert record.valid_until == Listing.objects.get(outcome=outcome).listed_until
    assert record.details["measures"] == ["bar_tenders", "restrict_exit", "restrict_flights_trains"]


def test_a_second_delivery_of_the_same_decision_changes_nothing(blacklisted):
    case, _ = blacklisted()
    counts = (
        CreditRecord.objects.count(),
        Listing.objects.count(),
        Enforcement.objects.count(),
        Publication.objects.count(),
        Task.objects.count(),
    )
    decided(case)
    decided(case)
    assert counts == (
        CreditRecord.objects.count(),
        Listing.objects.count(),
        Enforcement.objects.count(),
        Publication.objects.count(),
        Task.objects.count(),
    )


def test_new_tasks_are_announced_only_after_commit(django_capture_on_commit_callbacks, blacklisted):
    heard = []

    def listen(sender, **kwargs):
        heard.append(kwargs)

    task_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            case, _ = blacklisted()
        assert heard == []
        for callback in callbacks:
            callback()
    finally:
        task_changed.disconnect(listen)
    created = [k for k in heard if k["event"] == TaskEvent.CREATED]
    assert len(created) == 4  # three measures and the publication
    assert {k["case_id"] for k in created} == {case.pk}
    psb = Bureau.objects.get(code="psb")
    assert any(k["bureau_id"] == psb.pk for k in created)


def test_penalty_is_recorded_and_must_be_published():
    case = case_decided(subject_credit_code=credit_code(9001))
    outcome = outcome_add(
        case, Outcome.Kind.PENALTY, decision_number="儋人社罚〔2026〕7号", amount="50000.00"
    )
    decided(case)
    record = CreditRecord.objects.get(outcome=outcome)
    assert record.kind == CreditRecord.Kind.PENALTY
    assert record.details["amount"] == "50000.00"
    assert record.valid_until is None  # the validity table is a draft policy: not applied
    publication = Publication.objects.get(outcome=outcome)
    assert publication.kind == Publication.Kind.PENALTY
    assert publication.valid_until is None  # no adopted period: shown until withdrawn
    assert publication.subject.credit_code == credit_code(9001)


def test_rectification_met_or_missed_is_recorded_when_the_check_arrives():
    case = case_decided(subject_credit_code=credit_code(9002))
    order = outcome_add(case, Outcome.Kind.RECTIFICATION, rectification_due=datetime.date(2026, 12, 31))
    decided(case)
    assert list(CreditRecord.objects.filter(outcome=order).values_list("kind", flat=True)) == [
        "rectification_ordered"
    ]

    # The check: missed, then an interview is decided; the workflow sends DECIDED again.
    Outcome.objects.filter(pk=order.pk).update(rectified=False, checked_at=timezone.now())
    interview = outcome_add(case, Outcome.Kind.INTERVIEW, summary="约谈企业负责人。")
    decided(case)
    decided(case)
    kinds = sorted(CreditRecord.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["interview", "rectification_missed", "rectification_ordered"]
    missed = CreditRecord.objects.get(kind="rectification_missed")
    assert missed.concerns.outcome == order
    assert CreditRecord.objects.get(outcome=interview).subject == missed.subject


def test_rectification_met_is_recorded():
    case = case_decided(subject_credit_code=credit_code(9003))
    order = outcome_add(case, Outcome.Kind.RECTIFICATION, rectified=True, checked_at=timezone.now())
    decided(case)
    assert set(CreditRecord.objects.filter(outcome=order).values_list("kind", flat=True)) == {
        "rectification_ordered",
        "rectification_met",
    }


def test_referral_answers_from_the_police_are_recorded():
    case = case_decided(subject_credit_code=credit_code(9004))
    referral = outcome_add(case, Outcome.Kind.REFERRAL, referral_status=Outcome.ReferralStatus.PENDING)
    decided(case)
    Outcome.objects.filter(pk=referral.pk).update(
        referral_status=Outcome.ReferralStatus.ACKNOWLEDGED, police_case_number="A4604002026110001"
    )
    decided(case)
    acknowledged = CreditRecord.objects.get(kind=CreditRecord.Kind.REFERRAL_ACKNOWLEDGED)
    assert acknowledged.details == {"police_case_number": "A4604002026110001"}
    assert acknowledged.concerns.kind == CreditRecord.Kind.REFERRAL


def test_unfounded_case_leaves_no_credit_record():
    case = case_decided(subject_credit_code=credit_code(9005))
    outcome_add(case, Outcome.Kind.UNFOUNDED)
    decided(case)
    assert not CreditRecord.objects.exists()
    assert not Publication.objects.exists()


def test_outcome_naming_a_person_keys_the_subject_by_the_hash_of_the_id_number():
    number = id_number(7)
    case = case_decided(subject_kind=Report.SubjectKind.PERSON, subject_name="王某某")
    from intake.crypto import keyed_hash

    outcome = outcome_add(
        case,
        Outcome.Kind.PENALTY,
        subject_kind=Report.SubjectKind.PERSON,
        subject_name="王小明",
        subject_id_number=number,
        subject_id_hash=keyed_hash(number, purpose="id"),
    )
    decided(case)
    subject = CreditRecord.objects.get(outcome=outcome).subject
    assert subject.id_hash == keyed_hash(number, purpose="id")
    assert subject.id_masked == number[:4] + "*" * 10 + number[-4:]
    assert subject.public_name == "王**"
    assert subject.credit_code == ""


def test_outcome_without_its_own_subject_falls_back_to_the_reports():
    code = credit_code(9006)
    case = case_decided(subject_credit_code=code)
    outcome = outcome_add(case, Outcome.Kind.EXPOSURE)
    decided(case)
    assert CreditRecord.objects.get(outcome=outcome).subject.credit_code == code


def test_blacklisting_takes_the_subject_off_the_red_list(blacklisted, ndrc_officer):
    code = credit_code(9007)
    subject = Subject.objects.create(
        kind="organisation", name="某公司", public_name="某公司", credit_code=code
    )
    entry = RedListEntry.objects.create(
        subject=subject,
        bureau=Bureau.objects.get(code="hrss"),
        reason="连续三年按时足额支付工资。",
        valid_until=datetime.date(2028, 1, 1),
        state=RedListEntry.State.APPROVED,
    )
    blacklisted(code=code)
    entry.refresh_from_db()
    assert entry.state == RedListEntry.State.ENDED
    assert CreditRecord.objects.filter(subject=subject, kind=CreditRecord.Kind.RED_LIST_ENDED).exists()


def test_the_sweep_applies_a_decision_whose_event_was_lost():
    case = case_decided(subject_credit_code=credit_code(9008))
    outcome = outcome_add(case, Outcome.Kind.PENALTY)
    # No case_changed: the process died between commit and delivery.
    assert decisions_sweep() == 1
    assert CreditRecord.objects.filter(outcome=outcome).exists()
    assert decisions_sweep() == 0


def test_a_failing_application_does_not_break_the_sender(monkeypatch, caplog):
    from credit.services import decisions

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(decisions, "case_decision_apply", broken)
    case = case_decided(subject_credit_code=credit_code(9009))
    decided(case)  # no exception reaches the workflow
    assert "sweep retries" in caplog.text
