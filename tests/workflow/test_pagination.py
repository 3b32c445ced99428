"""Lists never count every row: counts stop at MAX_ROWS, and say so (bench/workflow.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from intake.models import Bureau
from workflow import pagination, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_row_cap(monkeypatch):
    monkeypatch.setattr(pagination.CappedPaginator, "max_rows", 3)


@pytest.fixture
def hrss_queue(flow):
    return flow.bulk_cases(5, node="sign", bureau=Bureau.objects.get(code="hrss"))


def api(user):
    token = Token.objects.create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")


def test_api_count_stops_at_the_cap_and_says_so(three_row_cap, hrss_queue, hrss_officer):
    body = api(hrss_officer).get(reverse("staff-case-list")).json()
    assert body["count"] == 3 and body["count_capped"] is True
    assert len(body["results"]) == 3 and body["next"] is None


def test_api_count_is_exact_below_the_cap(hrss_queue, hrss_officer):
    body = api(hrss_officer).get(reverse("staff-case-list")).json()
    assert body["count"] == 5 and body["count_capped"] is False


def test_api_page_past_the_cap_is_404_not_500(three_row_cap, hrss_queue, hrss_officer):
    response = api(hrss_officer).get(reverse("staff-case-list") + "?page=2&page_size=3")
    assert response.status_code == 404


def test_case_list_says_more_than_when_capped(three_row_cap, hrss_queue, hrss_officer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(hrss_officer)
    page = client.get(reverse("case:process_list")).content.decode()
    assert "1-3 of more than 3" in page


def test_queue_page_counts_exactly_below_the_cap(hrss_queue, hrss_officer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(hrss_officer)
    page = client.get(reverse("case:queue")).content.decode()
    assert "1-5 of 5" in page and "more than" not in page


def test_capped_count_does_not_sort(hrss_queue, hrss_officer):
    paginator = pagination.CappedPaginator(selectors.case_list(user=hrss_officer).order_by("-created_at"), 25)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == 5
    assert "ORDER BY" not in captured.captured_queries[0]["sql"].upper()


def test_task_counts_do_not_join_processes(hrss_queue, hrss_officer):
    with CaptureQueriesContext(connection) as captured:
        assert selectors.task_counts(user=hrss_officer)["queue"] == 5
    assert all("viewflow_process" not in query["sql"] for query in captured.captured_queries)
