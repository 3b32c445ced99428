"""Paths through triage and dispatch: filing to closing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from intake.models import Report, ReportMessage
from tests.policies import policy_set
from workflow import services
from workflow.deadlines import working_days_due
from workflow.models import Case, HistoryEntry
from workflow.signals import CaseEvent, TaskEvent

pytestmark = pytest.mark.django_db


def events(case):
    return list(case.history.exclude(event="assigned").order_by("pk").values_list("event", flat=True))


def test_filed_report_opens_a_case_waiting_for_triage(file_report, signals_sent, flow):
    case = file_report()
    assert case.stage == Case.Stage.TRIAGE and case.state == Case.State.OPEN
    assert case.process.artifact == case.report
    assert flow.open_nodes(case) == ["triage"]
    task = flow.open_task(case, "triage")
    assert task.owner_permission == "workflow.triage_case"
    assert task.data["due_at"]
    assert case.due_at is not None
    assert [s["event"] for s in signals_sent["case"]] == [CaseEvent.RECEIVED]
    assert [s["event"] for s in signals_sent["task"]] == [TaskEvent.CREATED]


def test_opening_the_case_twice_is_harmless(file_report):
    case = file_report()
    assert services.report_case_open(report_id=case.report_id) is None
    assert Case.objects.filter(report_id=case.report_id).count() == 1


def test_dispatched_case_goes_to_the_lead_bureau_and_closes_unfounded(
    file_report, drive, reporter, signals_sent, flow
):
    case = file_report()
    drive.dispatch(case)
    assert case.stage == Case.Stage.DISPATCHED and case.bureau.code == "hrss"
    report = Report.objects.get(pk=case.report_id)
    assert report.status == Report.Status.HANDLING and report.bureau == case.bureau
    assert flow.open_task(case, "sign").owner_permission == f"workflow.handle_bureau_{case.bureau_id}"

    drive.sign(case)
    assert case.stage == Case.Stage.INVESTIGATING and case.investigation_due_at is not None
    drive.to_decision(case)
    drive.decide(case)
    assert Report.objects.get(pk=case.report_id).status == Report.Status.DECIDED
    drive.reply(case)
    assert case.stage == Case.Stage.REPLIED
    assert ReportMessage.objects.filter(report_id=case.report_id, kind=ReportMessage.Kind.REPLY).exists()

    reporter.rate(case, 5)
    assert case.state == Case.State.CLOSED and case.resolution == Case.Resolution.HANDLED
    assert case.rating == 5 and not case.disputed
    assert Report.objects.get(pk=case.report_id).status == Report.Status.CLOSED
    assert case.process.status == "DONE"
    assert events(case) == [
        "received",
        "dispatched",
        "signed",
        "findings",
        "decided",
        "replied",
        "rated",
        "closed",
    ]
    sent = [s["event"] for s in signals_sent["case"]]
    for event in ("received", "dispatched", "signed", "decided", "replied", "rated", "closed"):
        assert event in sent


def test_triage_can_dispatch_to_another_bureau_and_correct_the_area(file_report, act, triage_user):
    from intake.models import Area, Bureau

    case = file_report(area_code=None)
    tax = Bureau.objects.get(code="tax")
    act(
        case,
        "triage",
        triage_user,
        services.case_triage,
        action="dispatch",
        area=Area.objects.get(code="tax_fake_invoices"),
        bureau=tax,
    )
    assert case.area.code == "tax_fake_invoices" and case.bureau == tax
    assert "area_corrected" in events(case)


def test_triage_without_an_area_cannot_dispatch_and_changes_nothing(file_report, act, triage_user, flow):
    case = file_report(area_code=None)
    with pytest.raises(ValidationError) as error:
        act(case, "triage", triage_user, services.case_triage, action="dispatch")
    assert "area" in error.value.message_dict
    assert flow.open_nodes(case) == ["triage"] and case.bureau is None


def test_only_the_assignee_can_complete_a_task(file_report, triage_user, officer, flow):
    case = file_report()
    task = flow.open_task(case, "triage")
    other = officer("triage2", "complaint_centre", "triage")
    services.task_take(task=task, user=triage_user)
    with pytest.raises(PermissionDenied), services.task_activation(task=task, user=other):
        pass


def test_bureau_officer_cannot_take_a_triage_task(file_report, hrss_officer, flow):
    case = file_report()
    with pytest.raises(PermissionDenied):
        services.task_take(task=flow.open_task(case, "triage"), user=hrss_officer)


def test_returned_once_goes_back_to_triage_then_is_handled(
    file_report, drive, act, hrss_officer, tax_officer, reporter, flow
):
    case = file_report()
    drive.dispatch(case)
    act(case, "sign", hrss_officer, services.case_sign, decision="return", reason="不属于本局职责。")
    assert case.returns == 1 and case.bureau is None and flow.open_nodes(case) == ["triage"]
    entry = case.history.get(event=CaseEvent.RETURNED)
    assert entry.note == "不属于本局职责。" and entry.bureau.code == "hrss"

    from intake.models import Bureau

    drive.dispatch(case, bureau=Bureau.objects.get(code="tax"))
    drive.sign(case, user=tax_officer)
    drive.to_decision(case, user=tax_officer)
    drive.decide(case, user=tax_officer)
    drive.reply(case, user=tax_officer)
    reporter.rate(case, 4)
    assert case.state == Case.State.CLOSED and case.bureau.code == "tax"


def test_return_needs_a_reason(file_report, drive, act, hrss_officer, flow):
    case = file_report()
    drive.dispatch(case)
    with pytest.raises(ValidationError):
        act(case, "sign", hrss_officer, services.case_sign, decision="return", reason=" ")
    assert flow.open_nodes(case) == ["sign"] and case.returns == 0


def test_returned_twice_goes_to_a_supervisor_who_places_it(
    file_report, drive, act, hrss_officer, supervisor, tax_officer, flow
):
    from intake.models import Bureau

    case = file_report()
    drive.dispatch(case)
    act(case, "sign", hrss_officer, services.case_sign, decision="return", reason="不属于本局。")
    drive.dispatch(case)
    act(case, "sign", hrss_officer, services.case_sign, decision="return", reason="仍不属于本局。")
    assert case.returns == 2 and case.stage == Case.Stage.SUPERVISOR_PLACEMENT
    assert flow.open_nodes(case) == ["placement"]
    assert flow.open_task(case, "placement").owner_permission == "workflow.supervise_case"

    act(
        case,
        "placement",
        supervisor,
        services.case_place,
        bureau=Bureau.objects.get(code="tax"),
        note="由税务局办理。",
    )
    assert case.bureau.code == "tax" and flow.open_nodes(case) == ["sign"]
    assert CaseEvent.PLACED in events(case)
    drive.sign(case, user=tax_officer)
    assert case.stage == Case.Stage.INVESTIGATING


def test_merged_duplicate_follows_the_main_case(file_report, drive, act, triage_user, signals_sent):
    main = file_report()
    drive.dispatch(main)
    duplicate = file_report(description="同一个工地又拖欠工资,和之前反映的是同一件事。")
    act(duplicate, "triage", triage_user, services.case_triage, action="merge", merge_into=main.reference)

    assert duplicate.state == Case.State.CLOSED and duplicate.resolution == Case.Resolution.MERGED
    merged_report = Report.objects.get(pk=duplicate.report_id)
    assert merged_report.merged_into_id == main.report_id
    assert merged_report.status == Report.Status.HANDLING
    note = merged_report.messages.filter(kind=ReportMessage.Kind.PUBLIC_UPDATE).last()
    assert main.reference in note.text
    assert main.history.filter(event=HistoryEntry.Event.MERGED).exists()
    assert duplicate.process.status == "DONE"

    # The merged reporter's status follows the main case from now on.
    drive.sign(main)
    assert Report.objects.get(pk=duplicate.report_id).status == Report.Status.HANDLING
    assert {"merged", "closed"} <= {s["event"] for s in signals_sent["case"] if s["case_id"] == duplicate.pk}


def test_merge_needs_another_open_case(file_report, act, triage_user):
    case = file_report()
    with pytest.raises(ValidationError) as error:
        act(case, "triage", triage_user, services.case_triage, action="merge", merge_into=case.reference)
    assert "merge_into" in error.value.message_dict
    assert case.state == Case.State.OPEN


def test_rejected_report_tells_the_reporter_why(file_report, act, triage_user):
    case = file_report()
    act(case, "triage", triage_user, services.case_triage, action="reject", text="不属于诚信问题举报范围。")
    assert case.resolution == Case.Resolution.REJECTED and case.state == Case.State.CLOSED
    report = Report.objects.get(pk=case.report_id)
    assert report.status == Report.Status.CLOSED
    assert (
        "不属于诚信问题举报范围。"
        in report.messages.filter(kind=ReportMessage.Kind.PUBLIC_UPDATE).last().text
    )


def test_emergency_is_referred_to_110_and_recorded(file_report, act, triage_user):
    case = file_report()
    act(
        case,
        "triage",
        triage_user,
        services.case_triage,
        action="emergency",
        text="14:05 已电话转110,警情号123。",
    )
    assert case.is_emergency and case.resolution == Case.Resolution.EMERGENCY
    assert case.history.get(event=CaseEvent.EMERGENCY).note.startswith("14:05")
    assert Report.objects.get(pk=case.report_id).status == Report.Status.CLOSED


def test_more_information_asked_and_answered_returns_to_the_same_triage_officer(
    file_report, act, triage_user, reporter, drive, flow
):
    case = file_report()
    act(case, "triage", triage_user, services.case_triage, action="ask", text="请提供工地的具体地址。")
    assert case.stage == Case.Stage.AWAITING_REPORTER and flow.open_nodes(case) == ["await_reporter"]
    question = ReportMessage.objects.get(report_id=case.report_id, kind=ReportMessage.Kind.QUESTION)
    assert question.text == "请提供工地的具体地址。"

    reporter.answer(case)
    assert flow.open_nodes(case) == ["triage"]
    task = flow.open_task(case, "triage")
    assert task.owner == triage_user  # back to the officer who asked
    assert HistoryEntry.Event.REPORTER_INFO in events(case)
    drive.dispatch(case)
    assert case.stage == Case.Stage.DISPATCHED


def test_more_information_never_answered_in_the_adopted_time_closes(
    file_report, act, triage_user, fire_timers, flow
):
    policy_set("answer-period", value={"working_days": 5})
    case = file_report()
    act(case, "triage", triage_user, services.case_triage, action="ask", text="请提供工地的具体地址。")
    assert case.due_at == working_days_due(5, start=case.updated_at)
    assert Report.objects.get(pk=case.report_id).answer_due_at == case.due_at
    with time_machine.travel(case.due_at - timezone.timedelta(minutes=1)):
        fire_timers()
    case.refresh_from_db()
    assert case.state == Case.State.OPEN and flow.open_nodes(case) == ["await_reporter"]
    with time_machine.travel(case.due_at + timezone.timedelta(minutes=1)):
        fire_timers()
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED and case.resolution == Case.Resolution.NO_REPLY
    report = Report.objects.get(pk=case.report_id)
    assert report.status == Report.Status.CLOSED and report.answer_due_at is None
    assert flow.open_nodes(case) == []


def test_a_draft_time_to_answer_closes_nothing_and_the_adopted_one_counts_from_its_adoption(
    file_report, act, triage_user, fire_timers, flow, reporter
):
    """The platform's draft of five working days is not applied to the reporter: the case
    waits; once the city adopts a period, it runs from the adoption."""
    case = file_report()
    act(case, "triage", triage_user, services.case_triage, action="ask", text="请提供工地的具体地址。")
    assert case.due_at is None
    assert Report.objects.get(pk=case.report_id).answer_due_at is None
    later = timezone.now() + datetime.timedelta(days=60)
    with time_machine.travel(later):
        fire_timers()
        case.refresh_from_db()
        assert case.state == Case.State.OPEN and case.stage == Case.Stage.AWAITING_REPORTER
        assert flow.open_nodes(case) == ["await_reporter"]
        policy_set("rating-period", value={"working_days": 1})  # another period: nothing moves
        case.refresh_from_db()
        assert case.due_at is None
        policy_set("answer-period", value={"working_days": 2})
        case.refresh_from_db()
        assert case.due_at == working_days_due(2, start=timezone.now())
        assert Report.objects.get(pk=case.report_id).answer_due_at == case.due_at
    with time_machine.travel(case.due_at + datetime.timedelta(minutes=1)):
        fire_timers()
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED and case.resolution == Case.Resolution.NO_REPLY


def test_an_answer_in_time_clears_the_date_to_answer_by(file_report, act, triage_user, reporter, flow):
    policy_set("answer-period", value={"working_days": 3})
    case = file_report()
    act(case, "triage", triage_user, services.case_triage, action="ask", text="请提供工地的具体地址。")
    assert Report.objects.get(pk=case.report_id).answer_due_at is not None
    reporter.answer(case)
    assert flow.open_nodes(case) == ["triage"]
    assert Report.objects.get(pk=case.report_id).answer_due_at is None


def test_information_added_without_a_question_is_recorded(file_report, drive, reporter, flow):
    case = file_report()
    drive.to_investigation(case)
    reporter.answer(case, text="还有一个情况需要补充说明。")
    assert flow.open_nodes(case) == ["investigate"]
    assert case.history.filter(event=HistoryEntry.Event.REPORTER_INFO).exists()


def test_public_status_follows_the_case_and_shows_no_internal_step(
    file_report, drive, act, hrss_officer, triage_user, flow
):
    case = file_report()

    def status():
        return Report.objects.get(pk=case.report_id).status

    assert status() == Report.Status.RECEIVED
    services.task_take(task=flow.open_task(case, "triage"), user=triage_user)
    assert status() == Report.Status.TRIAGE
    drive.dispatch(case)
    assert status() == Report.Status.HANDLING
    act(case, "sign", hrss_officer, services.case_sign, decision="return", reason="不属于本局。")
    assert status() == Report.Status.TRIAGE
    drive.dispatch(case)
    drive.sign(case)
    drive.to_decision(case)
    assert status() == Report.Status.HANDLING
    drive.decide(case)
    assert status() == Report.Status.DECIDED
    assert set(Report.Status.values) == {"received", "triage", "handling", "decided", "closed"}
