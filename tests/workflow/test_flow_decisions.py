"""Paths through the decision and its follow-up, the reply, the rating and a dispute."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from intake.models import Report
from tests.policies import policy_set
from workflow import services
from workflow.deadlines import working_days_add, working_days_due
from workflow.models import Case, Measure, Outcome
from workflow.services import OutcomeSpec
from workflow.signals import CaseEvent

pytestmark = pytest.mark.django_db
SUBJECT = {
    "subject_kind": "organisation",
    "subject_name": "儋州某建设工程有限公司",
    "subject_credit_code": "91460000MA5T0000X6",
}


def today():
    return timezone.localdate()


def test_unfounded_cannot_be_combined_and_bad_input_changes_nothing(
    file_report, drive, act, hrss_officer, flow
):
    case = file_report()
    drive.to_investigation(case)
    drive.to_decision(case)
    with pytest.raises(ValidationError) as error:
        drive.decide(
            case, OutcomeSpec(kind="unfounded", summary="无"), OutcomeSpec(kind="exposure", **SUBJECT)
        )
    assert "kinds" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        drive.decide(case, OutcomeSpec(kind="penalty", **SUBJECT))
    assert {"decision_number", "amount", "decision_date"} <= set(error.value.message_dict)
    assert not Outcome.objects.exists() and flow.open_nodes(case) == ["decide"]


def test_rectification_met_is_checked_when_it_falls_due(
    file_report, drive, act, hrss_officer, reporter, fire_timers, flow
):
    case = file_report()
    due = today() + datetime.timedelta(days=10)
    drive.to_reply(
        case, OutcomeSpec(kind="rectification", rectification_due=due, summary="限期支付工资。", **SUBJECT)
    )
    assert case.stage == Case.Stage.DECIDED and flow.open_nodes(case) == []  # waiting for the deadline
    assert case.due_at is None  # not overdue while the subject has time to rectify
    timer = flow.open_task(case, "rectification_wait")
    assert timezone.localtime(timer.scheduled).date() == due

    with time_machine.travel(timer.scheduled + datetime.timedelta(minutes=1)):
        fire_timers()
    assert flow.open_nodes(case) == ["rectification_check"]
    assert flow.open_task(case, "rectification_check").owner == hrss_officer
    act(
        case,
        "rectification_check",
        hrss_officer,
        services.rectification_check,
        rectified=True,
        note="已全部支付。",
    )
    outcome = Outcome.objects.get(case=case, kind="rectification")
    assert outcome.rectified is True and outcome.checked_at
    assert flow.open_nodes(case) == ["reply"]
    drive.reply(case)
    reporter.rate(case, 5)
    assert case.state == Case.State.CLOSED


@pytest.mark.parametrize("stronger_adopted", [False, True], ids=["rules", "adopted_policy"])
def test_rectification_missed_records_the_interview_and_returns_to_the_decision(
    stronger_adopted, file_report, drive, act, hrss_officer, fire_timers, flow
):
    """Rules, part 5.3: a subject that does not rectify is summoned to an interview (约谈). A
    stronger outcome is required only where the city adopted that policy (shipped as a draft)."""
    if stronger_adopted:
        policy_set("missed-rectification-stronger-outcome", value={"required": True})
    case = file_report()
    due = today() + datetime.timedelta(days=3)
    drive.to_reply(
        case, OutcomeSpec(kind="rectification", rectification_due=due, summary="限期支付。", **SUBJECT)
    )
    with time_machine.travel(
        flow.open_task(case, "rectification_wait").scheduled + datetime.timedelta(minutes=1)
    ):
        fire_timers()
        with pytest.raises(ValidationError):
            act(case, "rectification_check", hrss_officer, services.rectification_check, rectified=False)
        act(
            case,
            "rectification_check",
            hrss_officer,
            services.rectification_check,
            rectified=False,
            interview_date=timezone.localdate(),
            interview_summary="约谈公司法人,承诺三日内支付。",
        )
        interview = Outcome.objects.get(case=case, kind="interview")
        assert interview.subject_name == SUBJECT["subject_name"] and interview.summary.startswith("约谈")
        assert flow.open_nodes(case) == ["decide"]
        again = OutcomeSpec(
            kind="rectification", rectification_due=due + datetime.timedelta(days=30), **SUBJECT
        )
        if stronger_adopted:
            with pytest.raises(ValidationError) as error:
                drive.decide(case, again)
            assert "kinds" in error.value.message_dict
            drive.decide(case, OutcomeSpec(kind="exposure", summary="曝光典型案例。", **SUBJECT))
            assert flow.open_nodes(case) == ["reply"]
        else:
            drive.decide(case, again)
            assert Outcome.objects.filter(case=case, kind="rectification").count() == 2


def test_penalty_is_due_for_publication_in_seven_working_days(file_report, drive, signals_sent, flow):
    case = file_report()
    decided = today()
    drive.to_reply(
        case,
        OutcomeSpec(
            kind="penalty",
            decision_number="儋人社罚〔2026〕12号",
            amount=Decimal("50000.00"),
            decision_date=decided,
            summary="罚款五万元。",
            **SUBJECT,
        ),
    )
    penalty = Outcome.objects.get(case=case, kind="penalty")
    assert timezone.localtime(penalty.publication_due_at).date() == working_days_add(decided, 7)
    assert penalty.decided_by.username == "hrss"
    decided_events = [s for s in signals_sent["case"] if s["event"] == CaseEvent.DECIDED]
    assert decided_events == [{"case_id": case.pk, "event": "decided", "actor_id": penalty.decided_by_id}]
    assert flow.open_nodes(case) == ["reply"]


def test_blacklist_records_the_chosen_measures(file_report, drive):
    case = file_report()
    measures = list(Measure.objects.filter(code__in=["restrict_flights_trains", "restrict_credit"]))
    drive.to_reply(
        case,
        OutcomeSpec(
            kind="blacklist",
            measures=measures,
            summary="列入失信黑名单。",
            listed_until=today() + datetime.timedelta(days=365),
            **SUBJECT,
        ),
    )
    listing = Outcome.objects.get(case=case, kind="blacklist")
    assert set(listing.measures.values_list("code", flat=True)) == {
        "restrict_flights_trains",
        "restrict_credit",
    }
    assert {m.bureau.code for m in listing.measures.all()} == {"court", "banking_regulator"}


def test_blacklist_needs_measures(file_report, drive):
    case = file_report()
    drive.to_investigation(case)
    drive.to_decision(case)
    with pytest.raises(ValidationError) as error:
        drive.decide(case, OutcomeSpec(kind="blacklist", **SUBJECT))
    assert "measures" in error.value.message_dict


def test_referral_acknowledged_by_public_security_with_its_case_number(
    file_report, drive, act, psb_officer, flow
):
    case = file_report()
    drive.to_reply(case, OutcomeSpec(kind="referral", summary="涉嫌拒不支付劳动报酬罪。", **SUBJECT))
    assert flow.open_nodes(case) == ["referral"]
    task = flow.open_task(case, "referral")
    assert task.owner_permission == f"workflow.handle_bureau_{psb_officer.officer.bureau_id}"
    with pytest.raises(ValidationError):
        act(case, "referral", psb_officer, services.referral_answer, acknowledged=True, police_case_number="")
    act(
        case,
        "referral",
        psb_officer,
        services.referral_answer,
        acknowledged=True,
        police_case_number="儋公立〔2026〕88号",
    )
    referral = Outcome.objects.get(case=case, kind="referral")
    assert referral.referral_status == Outcome.ReferralStatus.ACKNOWLEDGED
    assert referral.police_case_number == "儋公立〔2026〕88号"
    assert flow.open_nodes(case) == ["reply"]


def test_referral_sent_back_returns_to_the_decision(file_report, drive, act, psb_officer, hrss_officer, flow):
    case = file_report()
    drive.to_reply(case, OutcomeSpec(kind="referral", summary="移送公安。", **SUBJECT))
    act(case, "referral", psb_officer, services.referral_answer, acknowledged=False, note="证据不足,请补充。")
    referral = Outcome.objects.get(case=case, kind="referral")
    assert referral.referral_status == Outcome.ReferralStatus.SENT_BACK and referral.referral_note
    assert flow.open_nodes(case) == ["decide"]
    assert flow.open_task(case, "decide").owner == hrss_officer
    drive.decide(
        case,
        OutcomeSpec(kind="rectification", rectification_due=today() + datetime.timedelta(days=5), **SUBJECT),
    )
    assert case.history.filter(event=CaseEvent.DECIDED).count() == 2


def test_reporter_dispute_confirmed_by_a_supervisor_closes(
    file_report, drive, act, reporter, supervisor, flow
):
    case = file_report()
    drive.to_reply(case)
    drive.reply(case)
    reporter.rate(case, 1, dispute="单位根本没有支付工资,处理结果不属实。")
    assert case.disputed and case.rating == 1 and case.stage == Case.Stage.DISPUTED
    assert flow.open_nodes(case) == ["dispute_review"]
    assert case.history.get(event=CaseEvent.DISPUTED).note.startswith("单位根本")
    act(case, "dispute_review", supervisor, services.dispute_review, reopen=False, note="经复核,处理无误。")
    assert case.state == Case.State.CLOSED and case.reopened == 0


def test_reporter_dispute_reopens_the_investigation(
    file_report, drive, act, reporter, supervisor, hrss_officer, flow
):
    case = file_report()
    drive.to_reply(case)
    drive.reply(case)
    reporter.rate(case, 2, dispute="问题没有解决。")
    act(case, "dispute_review", supervisor, services.dispute_review, reopen=True, note="请重新调查。")
    assert case.reopened == 1 and case.state == Case.State.OPEN
    assert (
        flow.open_nodes(case) == ["investigate"] and flow.open_task(case, "investigate").owner == hrss_officer
    )
    assert Report.objects.get(pk=case.report_id).status == Report.Status.HANDLING
    drive.to_decision(case)
    drive.decide(case, OutcomeSpec(kind="exposure", summary="曝光。", **SUBJECT))
    drive.reply(case)
    reporter.rate(case, 4)
    assert case.state == Case.State.CLOSED and case.rating == 4


def test_rating_before_the_reply_is_refused(file_report, drive, reporter):
    case = file_report()
    drive.to_investigation(case)
    with pytest.raises(ValidationError) as error:
        reporter.rate(case, 5)
    assert "rating" in error.value.message_dict


def test_rating_out_of_range_is_refused(file_report, drive, reporter, flow):
    case = file_report()
    drive.to_reply(case)
    drive.reply(case)
    for bad in (0, 6, "5", True):
        with pytest.raises(ValidationError):
            reporter.rate(case, bad)
    assert flow.open_nodes(case) == ["await_rating"]


def test_no_rating_in_the_adopted_time_closes_the_case(file_report, drive, fire_timers):
    policy_set("rating-period", value={"working_days": 5})
    case = file_report()
    drive.to_reply(case)
    drive.reply(case)
    case.refresh_from_db()
    assert case.due_at == working_days_due(5, start=case.updated_at)
    with time_machine.travel(case.due_at + datetime.timedelta(minutes=1)):
        fire_timers()
    case.refresh_from_db()
    assert (
        case.state == Case.State.CLOSED and case.resolution == Case.Resolution.HANDLED and case.rating is None
    )


def test_a_draft_time_to_rate_closes_nothing_and_the_adopted_one_counts_from_its_adoption(
    file_report, drive, fire_timers, reporter
):
    case = file_report()
    drive.to_reply(case)
    drive.reply(case)
    case.refresh_from_db()
    assert case.due_at is None
    later = timezone.now() + datetime.timedelta(days=60)
    with time_machine.travel(later):
        fire_timers()
        case.refresh_from_db()
        assert case.state == Case.State.OPEN and case.stage == Case.Stage.REPLIED
        policy_set("rating-period", value={"working_days": 2})
        case.refresh_from_db()
        assert case.due_at == working_days_due(2, start=timezone.now())
        assert Report.objects.get(pk=case.report_id).expected_at == case.due_at
    with time_machine.travel(case.due_at + datetime.timedelta(minutes=1)):
        fire_timers()
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED and case.rating is None
