"""Query budgets: list pages and selectors cost the same with 1 or 200 cases (no N+1)."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from intake.models import Bureau
from workflow import selectors

pytestmark = pytest.mark.django_db
ROWS = 200
CREDIT_ROWS = 30


def bulk_credit_tasks(count: int, *, bureau, owner=None) -> None:
    """Credit publication tasks for `bureau` (registered in the workbench by credit), newest."""
    from viewflow.workflow.models import Process, Task
    from viewflow.workflow.status import STATUS

    from credit.flows import PublicationFlow
    from workflow.permissions import bureau_permission

    processes = Process.objects.bulk_create(
        Process(flow_class=PublicationFlow, status="NEW") for _ in range(count)
    )
    Task.objects.bulk_create(
        Task(
            process=process,
            flow_task=PublicationFlow.publish,
            flow_task_type="HUMAN",
            status=STATUS.ASSIGNED if owner else STATUS.NEW,
            owner=owner,
            owner_permission=bureau_permission(bureau.pk),
        )
        for process in processes
    )


@pytest.fixture
def busy_bureau(hrss_officer, triage_user, flow):
    hrss = Bureau.objects.get(code="hrss")
    flow.bulk_cases(ROWS, node="sign", bureau=hrss)  # the bureau's queue
    flow.bulk_cases(ROWS, node="investigate", bureau=hrss, owner=hrss_officer)  # the officer's inbox
    flow.bulk_cases(ROWS, node="triage")  # the complaint centre's queue
    flow.bulk_cases(ROWS, node="sign", bureau=Bureau.objects.get(code="tax"))  # another bureau's
    # Credit tasks, newest, so they fill the first page of the inbox and the queue.
    bulk_credit_tasks(CREDIT_ROWS, bureau=hrss)
    bulk_credit_tasks(CREDIT_ROWS, bureau=hrss, owner=hrss_officer)
    bulk_credit_tasks(CREDIT_ROWS, bureau=Bureau.objects.get(code="tax"))
    return hrss


def page(user, url):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.get(url)  # warm the session and caches outside the budget
    return client


@pytest.mark.parametrize("name", ["inbox", "queue", "process_list", "archive"])
def test_officer_list_pages_within_budget(busy_bureau, hrss_officer, name, django_assert_max_num_queries):
    client = page(hrss_officer, reverse(f"case:{name}"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"case:{name}"))
    assert response.status_code == 200
    if name in ("inbox", "queue"):  # the credit tasks are on the first page
        assert "/workflow/case/tasks/" in response.content.decode()  # opened inside the workbench


def test_queue_shows_the_bureaus_tasks_only(busy_bureau, hrss_officer):
    total = ROWS + CREDIT_ROWS
    assert selectors.task_queue(user=hrss_officer).count() == total
    assert selectors.task_inbox(user=hrss_officer).count() == total
    assert selectors.task_counts(user=hrss_officer) == {"inbox": total, "queue": total}


@pytest.mark.parametrize("name", ["queue", "process_list"])
def test_complaint_centre_pages_within_budget(busy_bureau, triage_user, name, django_assert_max_num_queries):
    client = page(triage_user, reverse(f"case:{name}"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"case:{name}") + "?page=2")
    assert response.status_code == 200


def test_filtered_case_list_within_budget(busy_bureau, supervisor, django_assert_max_num_queries):
    url = reverse("case:process_list") + "?state=open&overdue=true&stage=dispatched"
    client = page(supervisor, url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_api_case_list_within_budget(busy_bureau, hrss_officer, django_assert_max_num_queries):
    token = Token.objects.create(user=hrss_officer)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("staff-case-list") + "?status=open&bureau=hrss")
    assert response.status_code == 200 and response.json()["count"] == 2 * ROWS


def test_selectors_cost_one_query_each(busy_bureau, hrss_officer, django_assert_num_queries):
    hrss_officer.get_all_permissions()  # permission caches are per request
    selectors.officer_of(hrss_officer)
    with django_assert_num_queries(1):
        list(selectors.task_queue(user=hrss_officer)[:25])
    with django_assert_num_queries(1):
        list(selectors.task_inbox(user=hrss_officer)[:25])
    with django_assert_num_queries(1):
        list(selectors.case_list(user=hrss_officer)[:25])
    with django_assert_num_queries(2):
        selectors.task_counts(user=hrss_officer)


def case_page_history(case, merged: list, *, rows: int) -> None:
    """`rows` messages, evidence files and history entries on the case's report, and as many
    again on each of the reports merged into it."""
    from intake.models import Attachment, Report, ReportMessage
    from workflow.models import HistoryEntry

    Report.objects.filter(pk__in=[other.report_id for other in merged]).update(merged_into=case.report)
    for report_id in [case.report_id] + [other.report_id for other in merged]:
        ReportMessage.objects.bulk_create(
            ReportMessage(
                report_id=report_id, kind=ReportMessage.Kind.PUBLIC_UPDATE, text=f"消息{report_id}-{i}"
            )
            for i in range(rows)
        )
        Attachment.objects.bulk_create(
            Attachment(
                report_id=report_id,
                file=f"evidence/{report_id}-{i}.pdf",
                content_type="application/pdf",
                size=1,
            )
            for i in range(rows)
        )
    HistoryEntry.objects.bulk_create(
        HistoryEntry(case=case, event=HistoryEntry.Event.ASSIGNED, bureau=case.bureau) for _ in range(rows)
    )


@pytest.mark.parametrize("rows", [1, 20])
def test_case_page_within_budget_whatever_its_history(
    flow, hrss_officer, rows, django_assert_max_num_queries
):
    """The case page costs the same with 1 or 20 messages, evidence files and history entries
    on the case and on each of the reports merged into it; it shows theirs and no other's."""
    hrss = Bureau.objects.get(code="hrss")
    case, other, *merged = flow.bulk_cases(4, node="investigate", bureau=hrss, owner=hrss_officer)
    case_page_history(case, merged, rows=rows)
    case_page_history(other, [], rows=rows)
    url = reverse("case:case_detail", args=[case.reference])
    client = page(hrss_officer, url)
    with django_assert_max_num_queries(24):
        response = client.get(url)
    assert response.status_code == 200
    context = response.context
    mine = {case.report_id} | {report.report_id for report in merged}
    assert {message.report_id for message in context["report_messages"]} == mine
    assert len(context["report_messages"]) == 3 * rows
    assert {attachment.report_id for attachment in context["attachments"]} == mine
    assert len(context["attachments"]) == 3 * rows
    assert f"消息{case.report_id}-0" in response.content.decode()
    assert f"消息{merged[0].report_id}-0" in response.content.decode()
    assert f"消息{other.report_id}-0" not in response.content.decode()
