"""Staff JSON API: /api/v1/cases/ with filters and pagination, detail with history."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from intake.models import Bureau
from workflow import services

pytestmark = pytest.mark.django_db


def api(user):
    token = Token.objects.create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")


def test_list_filters_by_status_area_bureau_and_overdue(file_report, drive, act, triage_user, supervisor):
    wages = file_report()
    drive.dispatch(wages)
    invoices = file_report(area_code="tax_fake_invoices", description="商店出售假发票,还主动推销给顾客。")
    drive.dispatch(invoices)
    rejected = file_report()
    act(rejected, "triage", triage_user, services.case_triage, action="reject", text="不在受理范围。")
    client = api(supervisor)
    url = reverse("staff-case-list")

    def refs(query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {row["reference"] for row in response.json()["results"]}

    assert refs({}) == {wages.reference, invoices.reference, rejected.reference}
    assert refs({"status": "open"}) == {wages.reference, invoices.reference}
    assert refs({"status": "closed"}) == {rejected.reference}
    assert refs({"area": "tax_fake_invoices"}) == {invoices.reference}
    assert refs({"bureau": "hrss"}) == {wages.reference}
    assert refs({"overdue": "true"}) == set()
    with time_machine.travel(wages.due_at + datetime.timedelta(hours=1)):
        assert refs({"overdue": "true"}) == {wages.reference, invoices.reference}
        rows = {row["reference"]: row for row in client.get(url).json()["results"]}
        assert rows[wages.reference]["overdue"] is True and rows[rejected.reference]["overdue"] is False


def test_bad_filter_value_is_a_400_with_a_message(supervisor):
    response = api(supervisor).get(reverse("staff-case-list"), {"status": "sideways"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_list_is_paginated(file_report, supervisor):
    for _ in range(3):
        file_report()
    body = api(supervisor).get(reverse("staff-case-list"), {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


def test_detail_has_history_outcomes_assistance_and_open_tasks(
    file_report, drive, act, hrss_officer, psb_officer
):
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
        findings="已查明部分事实。",
    )
    body = api(hrss_officer).get(reverse("staff-case-detail", args=[case.reference])).json()
    assert body["reference"] == case.reference and body["bureau"] == "hrss"
    assert body["report"]["description"].startswith("老板拖欠")
    events = [entry["event"] for entry in body["history"]]
    assert events[:3] == ["received", "dispatched", "assigned"] or "dispatched" in events
    assert {"signed", "assistance_requested"} <= set(events)
    assert all(entry["created_at"] for entry in body["history"])
    assert body["assistance"] == [
        {
            "bureau": "psb",
            "question": "请协查。",
            "requested_at": body["assistance"][0]["requested_at"],
            "opinion": "",
            "answered_at": None,
        }
    ]
    assert [task["task"] for task in body["open_tasks"]] == ["assist"]
    assert "reporter_name" not in str(body)


def test_api_is_read_only(file_report, supervisor):
    case = file_report()
    client = api(supervisor)
    assert client.post(reverse("staff-case-list"), {}).status_code == 405
    assert client.delete(reverse("staff-case-detail", args=[case.reference])).status_code == 405


def test_an_asked_bureau_gets_the_facts_it_sees_in_the_workbench_and_no_more(
    file_report, drive, act, hrss_officer, psb_officer, tax_officer
):
    case = file_report()
    drive.to_investigation(case)
    act(
        case,
        "investigate",
        hrss_officer,
        services.case_investigate,
        next_step="assist",
        bureaus=[Bureau.objects.get(code="psb")],
        question="请核实该公司是否有涉案记录。",
        findings="初步核实:欠薪属实。",
    )
    url = reverse("staff-case-detail", args=[case.reference])
    client = Client()
    client.force_login(psb_officer)
    assert client.get(reverse("case:case_detail", args=[case.reference])).status_code == 200  # the workbench

    response = api(psb_officer).get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["access"] == "participant" and body["reference"] == case.reference
    assert body["report"]["description"] == case.report.description
    assert [a["question"] for a in body["assistance"]] == ["请核实该公司是否有涉案记录。"]
    assert [t["task"] for t in body["open_tasks"]] == ["assist"]
    for hidden in ("findings", "outcomes", "history", "rating"):
        assert hidden not in body
    assert "初步核实" not in response.content.decode()

    assert api(tax_officer).get(url).status_code == 404  # not asked: as if it did not exist
    full = api(hrss_officer).get(url).json()
    assert full["findings"] and "history" in full
