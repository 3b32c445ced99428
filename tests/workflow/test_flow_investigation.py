"""Paths through the investigation: assistance from other bureaus, extensions, findings."""

import pytest
from django.core.exceptions import ValidationError

from intake.models import Bureau, Report
from workflow import services
from workflow.models import AssistanceRequest, Case, EvidenceNote, Extension
from workflow.signals import CaseEvent

pytestmark = pytest.mark.django_db


def test_assistance_from_two_bureaus_each_answers_in_its_own_task(
    file_report, drive, act, hrss_officer, psb_officer, officer, reporter, flow
):
    court_officer = officer("court", "court", "officer")
    case = file_report()
    drive.to_investigation(case)
    bureaus = [Bureau.objects.get(code="psb"), Bureau.objects.get(code="court")]
    act(
        case,
        "investigate",
        hrss_officer,
        services.case_investigate,
        next_step="assist",
        bureaus=bureaus,
        question="请核实该公司是否有涉案记录。",
        findings="初步核实。",
    )
    assert flow.open_nodes(case) == ["assist", "assist"]
    permissions = sorted(
        task.owner_permission for task in case.process.task_set.filter(flow_task_type="HUMAN", status="NEW")
    )
    assert permissions == sorted(f"workflow.handle_bureau_{bureau.pk}" for bureau in bureaus)

    act(case, "assist", psb_officer, services.assistance_answer, opinion="公安局:无涉案记录。")
    assert flow.open_nodes(case) == ["assist"]  # the lead bureau waits for all opinions
    act(case, "assist", court_officer, services.assistance_answer, opinion="法院:有一起执行案件。")

    assert flow.open_nodes(case) == ["investigate"]
    assert flow.open_task(case, "investigate").owner == hrss_officer  # back to the same officer
    opinions = dict(AssistanceRequest.objects.filter(case=case).values_list("bureau__code", "opinion"))
    assert opinions == {"psb": "公安局:无涉案记录。", "court": "法院:有一起执行案件。"}
    assert case.history.filter(event=CaseEvent.ASSISTANCE_ANSWERED).count() == 2

    drive.to_decision(case)
    drive.decide(case)
    drive.reply(case)
    reporter.rate(case, 5)
    assert case.state == Case.State.CLOSED


def test_assistance_needs_a_bureau_and_a_question(file_report, drive, act, hrss_officer, flow):
    case = file_report()
    drive.to_investigation(case)
    with pytest.raises(ValidationError) as error:
        act(case, "investigate", hrss_officer, services.case_investigate, next_step="assist", bureaus=[])
    assert {"bureaus", "question"} <= set(error.value.message_dict)
    own = Bureau.objects.get(code="hrss")
    with pytest.raises(ValidationError):
        act(
            case,
            "investigate",
            hrss_officer,
            services.case_investigate,
            next_step="assist",
            bureaus=[own],
            question="?",
        )
    assert flow.open_nodes(case) == ["investigate"] and not AssistanceRequest.objects.exists()


def test_assistance_answer_needs_an_opinion(file_report, drive, act, hrss_officer, psb_officer, flow):
    case = file_report()
    drive.to_investigation(case)
    act(
        case,
        "investigate",
        hrss_officer,
        services.case_investigate,
        next_step="assist",
        bureaus=[Bureau.objects.get(code="psb")],
        question="请协查。",
    )
    with pytest.raises(ValidationError):
        act(case, "assist", psb_officer, services.assistance_answer, opinion="")
    assert flow.open_nodes(case) == ["assist"]


def test_extension_approved_moves_the_investigation_deadline(
    file_report, drive, act, hrss_officer, supervisor, flow
):
    case = file_report()
    drive.to_investigation(case)
    before = case.investigation_due_at
    act(
        case,
        "investigate",
        hrss_officer,
        services.case_investigate,
        next_step="extend",
        working_days=10,
        reason="需要调取银行流水。",
    )
    assert flow.open_nodes(case) == ["extension_review"]
    assert flow.open_task(case, "extension_review").owner_permission == "workflow.supervise_case"

    act(case, "extension_review", supervisor, services.extension_decide, approved=True, note="同意。")
    extension = Extension.objects.get(case=case)
    assert extension.approved and extension.previous_due_at == before
    assert case.investigation_due_at == extension.new_due_at > before
    assert case.extensions == 1
    assert Report.objects.get(pk=case.report_id).expected_at == case.investigation_due_at
    task = flow.open_task(case, "investigate")
    assert task.owner == hrss_officer
    assert task.data["due_at"] == case.investigation_due_at.isoformat()
    assert case.due_at == case.investigation_due_at


def test_extension_refused_keeps_the_deadline_and_needs_a_reason(
    file_report, drive, act, hrss_officer, supervisor, flow
):
    case = file_report()
    drive.to_investigation(case)
    before = case.investigation_due_at
    act(
        case,
        "investigate",
        hrss_officer,
        services.case_investigate,
        next_step="extend",
        working_days=5,
        reason="材料较多。",
    )
    with pytest.raises(ValidationError):
        act(case, "extension_review", supervisor, services.extension_decide, approved=False, note="")
    act(
        case,
        "extension_review",
        supervisor,
        services.extension_decide,
        approved=False,
        note="期限内可以完成。",
    )
    assert Extension.objects.get(case=case).approved is False
    assert case.investigation_due_at == before and case.extensions == 0
    assert flow.open_nodes(case) == ["investigate"]
    assert "extension_decided" in case.history.values_list("event", flat=True)


def test_extension_request_is_limited(file_report, drive, act, hrss_officer):
    case = file_report()
    drive.to_investigation(case)
    with pytest.raises(ValidationError) as error:
        act(
            case,
            "investigate",
            hrss_officer,
            services.case_investigate,
            next_step="extend",
            working_days=90,
            reason="x",
        )
    assert "working_days" in error.value.message_dict


def test_findings_are_saved_without_finishing_and_required_to_decide(
    file_report, drive, act, hrss_officer, flow
):
    case = file_report()
    drive.to_investigation(case)
    act(
        case,
        "investigate",
        hrss_officer,
        services.case_findings_save,
        findings="初步情况。",
        evidence_note="调取了工资表。",
    )
    assert flow.open_nodes(case) == ["investigate"] and case.findings == "初步情况。"
    assert EvidenceNote.objects.get(case=case).text == "调取了工资表。"
    with pytest.raises(ValidationError) as error:
        act(case, "investigate", hrss_officer, services.case_investigate, next_step="decide", findings="")
    assert "findings" in error.value.message_dict


def test_a_second_assistance_request_goes_to_the_officer_who_answered_the_first(
    file_report, drive, act, hrss_officer, psb_officer, flow
):
    case = file_report()
    drive.to_investigation(case)
    psb = Bureau.objects.get(code="psb")
    for round_ in ("第一次", "第二次"):
        act(
            case,
            "investigate",
            hrss_officer,
            services.case_investigate,
            next_step="assist",
            bureaus=[psb],
            question=f"{round_}协查。",
        )
        if round_ == "第二次":
            assert flow.open_task(case, "assist").owner == psb_officer
        act(case, "assist", psb_officer, services.assistance_answer, opinion="无记录。")
