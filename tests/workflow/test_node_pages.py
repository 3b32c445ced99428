"""viewflow's stock task pages of every node (timers, routes, splits, the start) show a
case's steps and timings: one rule, full access to the case, opens them. An asked bureau
and the police see only their own tasks (finding 13)."""

import pytest
from django.test import Client

from intake.models import Bureau
from workflow import services
from workflow.services import OutcomeSpec

pytestmark = pytest.mark.django_db

SUBJECT = {
    "subject_kind": "organisation",
    "subject_name": "儋州某建设工程有限公司",
    "subject_credit_code": "91460000MA5T0000X6",
}


def detail_url(task) -> str:
    return f"/workflow/case/{task.process_id}/{task.flow_task.name}/{task.pk}/detail/"


@pytest.fixture
def case_with_participants(file_report, drive, act, hrss_officer, psb_officer, tax_officer):
    """hrss handles; tax and psb were asked for assistance; psb then got the referral."""
    case = file_report()
    drive.to_investigation(case)
    act(
        case,
        "investigate",
        hrss_officer,
        services.case_investigate,
        next_step="assist",
        bureaus=[Bureau.objects.get(code="psb"), Bureau.objects.get(code="tax")],
        question="请核实该公司是否有涉案记录。",
        findings="初步核实。",
    )
    act(case, "assist", psb_officer, services.assistance_answer, opinion="公安局:无涉案记录。")
    act(case, "assist", tax_officer, services.assistance_answer, opinion="税务局:无记录。")
    drive.to_decision(case)
    drive.decide(case, OutcomeSpec(kind="referral", summary="涉嫌拒不支付劳动报酬罪。", **SUBJECT))
    return case


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_participants_open_no_stock_page_of_another_bureaus_case(
    case_with_participants, psb_officer, tax_officer, hrss_officer
):
    case = case_with_participants
    tasks = list(case.process.task_set.order_by("pk"))
    kinds = {task.flow_task_type for task in tasks}
    assert {"START", "HUMAN"} <= kinds and len(kinds) >= 4  # start, human, timers, routes, splits
    node_names = {task.flow_task.name for task in tasks}
    assert any(name.endswith("__timeout") for name in node_names)
    full = client_for(hrss_officer)
    for participant in (psb_officer, tax_officer):
        client = client_for(participant)
        for task in tasks:
            bureau = participant.officer.bureau
            own = task.flow_task_type == "HUMAN" and (
                task.owner_id == participant.pk
                or task.owner_permission == f"workflow.handle_bureau_{bureau.pk}"
            )
            response = client.get(detail_url(task))
            if own:
                assert response.status_code == 200, (participant.username, task.flow_task.name)
            else:
                assert response.status_code in (403, 404), (participant.username, task.flow_task.name)
                assert case.reference not in response.content.decode()
    for task in tasks:
        if task.flow_task_type != "HUMAN":
            assert full.get(detail_url(task)).status_code == 200, task.flow_task.name
