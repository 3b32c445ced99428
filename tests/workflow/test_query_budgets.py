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
