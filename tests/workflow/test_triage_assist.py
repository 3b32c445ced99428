"""Triage assistance in the workbench: the panel on the triage task, one-click merge and
dispatch, automatic dispatch above the admin's threshold, and the acceptance figure."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.models import Report
from intake.triage.models import ReportSuggestion, TriagePolicy
from workflow.flows import CaseFlow
from workflow.models import Case, HistoryEntry

pytestmark = pytest.mark.django_db

WAGES = "工地老板拖欠我们三个月工资不发，老板电话13907651234"


def client_for(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def open_triage_page(client, flow, case):
    reverse("case:inbox")  # loads the URLconf, which gives the flow its namespace
    task = flow.open_task(case, "triage")
    client.post(CaseFlow.triage.reverse("assign", args=[task.process_id, task.pk]))
    url = CaseFlow.triage.reverse("execute", args=[task.process_id, task.pk])
    return url, client.get(url)


def test_triage_page_shows_the_top_three_areas_with_lead_bureau_and_the_possible_duplicate(
    triage_model, file_report, triage_user, flow
):
    first = file_report(None, description=WAGES)
    second = file_report(None, description="又来反映：139 0765 1234这个包工头还是不发工资")
    client = client_for(triage_user)

    url, page = open_triage_page(client, flow, second)

    assert page.status_code == 200
    body = page.content.decode()
    assert "Suggested areas" in body
    assistant = page.context["triage_assist"]
    assert [hint.area.code for hint in assistant["areas"]][0] == "wage_arrears"
    assert len(assistant["areas"]) == 3
    assert assistant["areas"][0].lead.code == "hrss"
    assert "Human Resources" in body or str(assistant["areas"][0].lead) in body
    assert [d.case.reference for d in assistant["duplicates"]] == [first.reference]
    assert "Same phone number 13907651234" in body
    assert not assistant["out_of_scope_flag"]


def test_one_click_merge_uses_the_merge_decision(triage_model, file_report, triage_user, flow):
    first = file_report(None, description=WAGES)
    second = file_report(None, description="13907651234这个老板欠我们的工资还是没给")
    client = client_for(triage_user)
    url, page = open_triage_page(client, flow, second)
    assert f'name="merge_into" value="{first.reference}"' in page.content.decode()

    response = client.post(url, {"action": "merge", "merge_into": first.reference})

    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.state, second.resolution) == (Case.State.CLOSED, Case.Resolution.MERGED)
    assert second.report.merged_into_id == first.report_id


def test_out_of_scope_report_is_flagged_and_a_rejection_is_recorded(
    triage_model, file_report, triage_user, flow
):
    case = file_report(None, description="楼上邻居晚上太吵了，天天跺脚")
    client = client_for(triage_user, language="zh-hans")
    url, page = open_triage_page(client, flow, case)
    assert page.context["triage_assist"]["out_of_scope_flag"]
    assert "超出受理范围" in page.content.decode()

    client.post(url, {"action": "reject", "text": "不属于诚信问题受理范围"})

    suggestion = ReportSuggestion.objects.get(report=case.report)
    assert suggestion.confirmed_out_of_scope and suggestion.accepted


def test_one_click_dispatch_to_a_suggested_area_records_the_acceptance(
    triage_model, file_report, triage_user, flow
):
    case = file_report(None, description=WAGES)
    client = client_for(triage_user)
    url, page = open_triage_page(client, flow, case)
    top = page.context["triage_assist"]["areas"][0].area

    assert client.post(url, {"action": "dispatch", "area": top.pk}).status_code == 302

    case.refresh_from_db()
    assert case.area == top and case.bureau.code == "hrss"
    suggestion = ReportSuggestion.objects.get(report=case.report)
    assert (suggestion.confirmed_area, suggestion.accepted, suggestion.auto_dispatched) == (top, True, False)


def test_triage_page_without_a_model_has_no_panel(file_report, triage_user, flow):
    case = file_report()
    url, page = open_triage_page(client_for(triage_user), flow, case)
    assert page.status_code == 200 and page.context["triage_assist"] is None
    assert "Suggested areas" not in page.content.decode()


def test_no_automatic_dispatch_by_default(triage_model, file_report):
    case = file_report(None, description=WAGES)
    assert case.stage == Case.Stage.TRIAGE and case.bureau is None


def test_automatic_dispatch_above_the_threshold_records_the_suggestion_as_reason(triage_model, file_report):
    TriagePolicy.objects.create(auto_dispatch_threshold=Decimal("0.5"))
    case = file_report(None, description=WAGES)
    case.refresh_from_db()
    assert case.stage == Case.Stage.DISPATCHED and case.bureau.code == "hrss"
    assert case.area.code == "wage_arrears"
    dispatched = HistoryEntry.objects.get(case=case, event=HistoryEntry.Event.DISPATCHED)
    assert dispatched.note == "市人社局: 自动派单：推荐领域拖欠工资得分 100%（阈值 50%）"
    assert dispatched.actor.username == "triage-assistant" and not dispatched.actor.has_usable_password()
    suggestion = ReportSuggestion.objects.get(report=case.report)
    assert suggestion.auto_dispatched


def test_no_automatic_dispatch_below_the_threshold_or_against_the_residents_area(triage_model, file_report):
    TriagePolicy.objects.create(auto_dispatch_threshold=Decimal("0.999"))
    unsure = file_report(None, description="有人打电话说工资卡有问题让我转账")
    assert unsure.stage == Case.Stage.TRIAGE
    TriagePolicy.objects.update(auto_dispatch_threshold=Decimal("0.5"))
    chosen_otherwise = file_report("environment", description=WAGES)
    assert chosen_otherwise.stage == Case.Stage.TRIAGE


def test_supervision_dashboard_shows_how_often_the_top_suggestion_is_taken(
    triage_model, file_report, triage_user, supervisor, flow
):
    client = client_for(triage_user)
    for description, choose_top in ((WAGES, True), ("化工厂晚上偷偷排放污水到河里，鱼都死了", False)):
        case = file_report(None, description=description)
        url, page = open_triage_page(client, flow, case)
        hints = page.context["triage_assist"]["areas"]
        chosen = hints[0].area if choose_top else hints[1].area
        client.post(url, {"action": "dispatch", "area": chosen.pk})
    today = timezone.localdate()
    query = {"start": (today - datetime.timedelta(days=7)).isoformat(), "end": today.isoformat()}

    page = client_for(supervisor).get(reverse("supervision:dashboard"), query)

    assert page.status_code == 200
    total, rows, automatic = page.context["suggestions"]
    assert (total.decided, total.accepted, automatic) == (2, 1, 0)
    assert "50.0%" in page.content.decode()
    assert "Area suggestions accepted by triage" in page.content.decode()


def test_reports_keep_arriving_when_no_model_was_trained(file_report):
    TriagePolicy.objects.create(auto_dispatch_threshold=Decimal("0.5"))
    case = file_report(None, description=WAGES)
    assert case.stage == Case.Stage.TRIAGE and case.report.status == Report.Status.RECEIVED
    assert not ReportSuggestion.objects.exists()
    assert case.report.marks.filter(kind="phone", value="13907651234").exists()


def test_triage_page_queries_do_not_grow_with_the_possible_duplicates(
    triage_model, file_report, triage_user, flow
):
    file_report(None, description=WAGES)
    file_report(None, description="工地老板拖欠我们三个月工资不发，一直躲着不见人")
    case = file_report(None, description="又来反映：139 0765 1234这个包工头还是不发工资，躲着不见人")
    client = client_for(triage_user)
    url, _ = open_triage_page(client, flow, case)

    def page_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        return len(page.context["triage_assist"]["duplicates"]), len(queries)

    few, few_queries = page_queries()
    for n in range(3):
        file_report(None, description=f"13907651234这个包工头欠我们工资，第{n + 2}次反映了")
    many, many_queries = page_queries()
    assert (few, many) == (2, 5)
    assert many_queries == few_queries
