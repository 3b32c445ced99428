"""The workbench over HTTP: queue, taking and doing tasks, the case page, evidence, identity."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from intake.models import Bureau
from workflow.flows import CaseFlow
from workflow.models import Case, IdentityAccessLog

pytestmark = pytest.mark.django_db


def client_for(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def case_url(case):
    return reverse("case:case_detail", args=[case.reference])


def test_anonymous_is_sent_to_log_in(client):
    for url in ("/workflow/case/inbox/", "/workflow/case/queue/", "/workflow/case/cases/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_triage_officer_takes_and_dispatches_a_report_through_the_pages(file_report, triage_user, flow):
    case = file_report()
    client = client_for(triage_user)
    queue = client.get(reverse("case:queue"))
    assert queue.status_code == 200 and case.reference in queue.content.decode()

    task = flow.open_task(case, "triage")
    assign = CaseFlow.triage.reverse("assign", args=[task.process_id, task.pk])
    response = client.post(assign)
    execute = CaseFlow.triage.reverse("execute", args=[task.process_id, task.pk])
    assert response.status_code == 302 and response["Location"] == execute
    assert case.reference in client.get(reverse("case:inbox")).content.decode()

    page = client.get(execute)
    assert page.status_code == 200 and "老板拖欠" in page.content.decode()
    response = client.post(execute, {"action": "dispatch", "area": case.area_id})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.bureau.code == "hrss" and case.stage == Case.Stage.DISPATCHED


def test_bad_task_input_gets_a_message_and_a_4xx_and_changes_nothing(file_report, triage_user, flow):
    case = file_report()
    client = client_for(triage_user)
    task = flow.open_task(case, "triage")
    client.post(CaseFlow.triage.reverse("assign", args=[task.process_id, task.pk]))
    execute = CaseFlow.triage.reverse("execute", args=[task.process_id, task.pk])
    response = client.post(execute, {"action": "reject", "text": ""})
    assert response.status_code == 422
    assert "Write the reason the reporter will see." in response.content.decode()
    case.refresh_from_db()
    assert case.state == Case.State.OPEN and flow.open_task(case, "triage").status == "ASSIGNED"


def test_task_pages_speak_chinese_by_default(file_report, triage_user, flow):
    case = file_report()
    task = flow.open_task(case, "triage")
    client = client_for(triage_user, language="zh-hans")
    client.post(CaseFlow.triage.reverse("assign", args=[task.process_id, task.pk]))
    page = client.get(CaseFlow.triage.reverse("execute", args=[task.process_id, task.pk]))
    assert page.status_code == 200
    assert '<html lang="zh-hans"' in page.content.decode()


def test_officer_cannot_execute_a_task_assigned_to_someone_else(
    file_report, drive, hrss_officer, officer, flow
):
    case = file_report()
    drive.to_investigation(case)
    colleague = officer("hrss2", "hrss", "officer")
    task = flow.open_task(case, "investigate")
    response = client_for(colleague).get(
        CaseFlow.investigate.reverse("execute", args=[task.process_id, task.pk])
    )
    assert response.status_code == 403


def test_case_page_shows_facts_history_and_next_actions(file_report, drive, hrss_officer):
    case = file_report()
    drive.dispatch(case)
    response = client_for(hrss_officer).get(case_url(case))
    content = response.content.decode()
    assert response.status_code == 200
    assert "老板拖欠" in content and "Dispatched" in content and "Sign for or return" in content
    assert "Take" in content


def test_head_reassigns_a_task_within_the_bureau(file_report, drive, hrss_head, hrss_officer, officer, flow):
    case = file_report()
    drive.to_investigation(case)
    colleague = officer("hrss2", "hrss", "officer")
    task = flow.open_task(case, "investigate")
    url = reverse("case:task_reassign", args=[task.pk])
    assert client_for(hrss_officer).post(url, {"assignee": colleague.pk}).status_code == 403
    response = client_for(hrss_head).post(url, {"assignee": colleague.pk})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == colleague
    assert case.history.filter(event="assigned", actor=hrss_head).exists()


def test_head_cannot_reassign_to_another_bureau(file_report, drive, hrss_head, psb_officer, flow):
    case = file_report()
    drive.to_investigation(case)
    task = flow.open_task(case, "investigate")
    client_for(hrss_head).post(reverse("case:task_reassign", args=[task.pk]), {"assignee": psb_officer.pk})
    task.refresh_from_db()
    assert task.owner.username == "hrss"


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 20, 20)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def test_evidence_is_streamed_only_to_those_who_may_see_the_case(
    file_report, drive, hrss_officer, tax_officer
):
    case = file_report(attachments=[png_upload()])
    drive.dispatch(case)
    attachment = case.report.attachments.get()
    url = reverse("case:attachment", args=[case.reference, attachment.pk])
    response = client_for(hrss_officer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert client_for(hrss_officer).get(url + "?thumbnail=1")["Content-Type"] == "image/jpeg"
    assert client_for(tax_officer).get(url).status_code == 404


def test_reporter_identity_is_shown_to_the_handling_head_and_audited(file_report, drive, hrss_head):
    case = file_report(
        anonymous=False,
        reporter_name="张三",
        reporter_phone="13800138000",
        reporter_id_number="11010519491231002X",
    )
    drive.dispatch(case)
    url = reverse("case:reporter_identity", args=[case.reference])
    response = client_for(hrss_head).get(url)
    assert response.status_code == 200 and "张三" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    log = IdentityAccessLog.objects.get()
    assert (log.user, log.case) == (hrss_head, case)
    assert log.fields == ["reporter_id_number", "reporter_name", "reporter_phone"]


def test_reporter_identity_is_refused_to_others(
    file_report, drive, hrss_officer, supervisor, psb_head, triage_user
):
    case = file_report(
        anonymous=False,
        reporter_name="张三",
        reporter_phone="13800138000",
        reporter_id_number="11010519491231002X",
    )
    drive.dispatch(case)
    url = reverse("case:reporter_identity", args=[case.reference])
    assert client_for(hrss_officer).get(url).status_code == 403  # no permission
    assert client_for(supervisor).get(url).status_code == 403
    assert client_for(psb_head).get(url).status_code == 404  # another bureau's case
    assert IdentityAccessLog.objects.count() == 0
    assert client_for(triage_user).get(url).status_code == 200
    assert IdentityAccessLog.objects.count() == 1


def test_case_page_never_shows_the_reporter_identity(file_report, drive, hrss_head, triage_user):
    case = file_report(
        anonymous=False,
        reporter_name="张三",
        reporter_phone="13800138000",
        reporter_id_number="11010519491231002X",
    )
    drive.dispatch(case)
    for user in (hrss_head, triage_user):
        content = client_for(user).get(case_url(case)).content.decode()
        assert "张三" not in content and "13800138000" not in content
    assert IdentityAccessLog.objects.count() == 0


def test_assisting_bureau_sees_its_request_and_the_facts_but_not_the_rest(
    file_report, drive, act, hrss_officer, psb_officer, tax_officer
):
    from workflow import services

    case = file_report()
    drive.to_investigation(case)
    act(
        case,
        "investigate",
        hrss_officer,
        services.case_investigate,
        next_step="assist",
        bureaus=[Bureau.objects.get(code="psb"), Bureau.objects.get(code="tax")],
        question="请核实。",
        findings="内部调查结论:尚未完成。",
    )
    act(case, "assist", tax_officer, services.assistance_answer, opinion="税务局的意见:已立案。")
    content = client_for(psb_officer).get(case_url(case)).content.decode()
    assert "老板拖欠" in content and "请核实。" in content
    assert "税务局的意见" not in content  # another bureau's opinion
    assert "内部调查结论" not in content  # the lead bureau's findings
    assert "History" not in content
    assert case.reference in client_for(psb_officer).get(reverse("case:queue")).content.decode()


def test_switch_to_english_and_back(client, triage_user):
    client.force_login(triage_user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/workflow/case/inbox/"})
    assert response.status_code == 302
    assert "Inbox" in client.get("/workflow/case/inbox/").content.decode()


def test_investigation_findings_are_saved_from_the_page_without_finishing(
    file_report, drive, hrss_officer, flow
):
    case = file_report()
    drive.to_investigation(case)
    task = flow.open_task(case, "investigate")
    url = CaseFlow.investigate.reverse("execute", args=[task.process_id, task.pk])
    client = client_for(hrss_officer)
    response = client.post(url, {"findings": "已调取工资表。", "evidence_note": "工资表三页。", "_save": "1"})
    assert response.status_code == 302 and response["Location"] == url
    case.refresh_from_db()
    task.refresh_from_db()
    assert case.findings == "已调取工资表。" and task.status == "ASSIGNED"
    response = client.post(url, {"findings": "已调取工资表。"})
    assert response.status_code == 422 and "Choose the next step." in response.content.decode()
    response = client.post(url, {"findings": "查明属实。", "next_step": "decide"})
    assert response.status_code == 302
    assert flow.open_nodes(case) == ["decide"]


def test_decision_form_creates_one_outcome_per_kind(file_report, drive, hrss_officer, flow):
    from workflow.models import Measure, Outcome

    case = file_report()
    drive.to_investigation(case)
    drive.to_decision(case)
    task = flow.open_task(case, "decide")
    url = CaseFlow.decide.reverse("execute", args=[task.process_id, task.pk])
    measure = Measure.objects.get(code="restrict_credit")
    response = client_for(hrss_officer).post(
        url,
        {
            "kinds": ["blacklist", "exposure"],
            "subject_kind": "organisation",
            "subject_name": "某公司",
            "summary": "列入黑名单并曝光。",
            "measures": [measure.pk],
        },
    )
    assert response.status_code == 302
    assert sorted(Outcome.objects.filter(case=case).values_list("kind", flat=True)) == [
        "blacklist",
        "exposure",
    ]
    assert flow.open_nodes(case) == ["reply"]


def test_assignee_puts_a_task_back_in_the_queue(file_report, drive, hrss_officer, officer, flow):
    case = file_report()
    drive.to_investigation(case)
    task = flow.open_task(case, "investigate")
    url = CaseFlow.investigate.reverse("unassign", args=[task.process_id, task.pk])
    colleague = officer("hrss2", "hrss", "officer")
    assert client_for(colleague).post(url).status_code == 403
    assert client_for(hrss_officer).post(url).status_code == 302
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner is None
    assert case.reference in client_for(colleague).get(reverse("case:queue")).content.decode()


def test_evidence_runs_nothing_in_the_officers_browser(file_report, drive, hrss_officer):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    canvas.Canvas(buffer).save()
    pdf = SimpleUploadedFile("slip.pdf", buffer.getvalue(), content_type="application/pdf")
    case = file_report(attachments=[png_upload(), pdf])
    drive.dispatch(case)
    officer = client_for(hrss_officer)
    for attachment in case.report.attachments.all():
        response = officer.get(reverse("case:attachment", args=[case.reference, attachment.pk]))
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert "sandbox" in policy and "script-src" not in policy and "default-src 'none'" in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        if attachment.content_type == "application/pdf":
            assert disposition.startswith("attachment;")  # the browser's PDF viewer never opens it
        else:
            assert disposition.startswith("inline;")
