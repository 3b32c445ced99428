"""The reporter rates the reply through their receipt: on the tracking page and in the API."""

import pytest
from django.urls import reverse

from intake.models import Report
from workflow.models import Case


@pytest.fixture
def replied(file_report, drive):
    """Make a case whose reply went out and that waits for the reporter's rating."""

    def _replied():
        case = file_report()
        drive.to_reply(case)
        drive.reply(case)
        case.refresh_from_db()
        assert case.stage == Case.Stage.REPLIED
        return case

    return _replied


def _receipt_for(case: Case) -> str:
    """Give the case's report a known receipt (the real one is shown once and never stored)."""
    from intake.receipts import receipt_hash, receipt_new

    receipt = receipt_new()
    Report.objects.filter(pk=case.report_id).update(receipt_hash=receipt_hash(receipt))
    return receipt


def test_reporter_rates_on_the_tracking_page_and_the_case_closes(
    client, replied, django_capture_on_commit_callbacks
):
    make = replied
    case = make()
    receipt = _receipt_for(case)
    client.post(reverse("intake:track"), {"receipt": receipt})
    page = client.get(reverse("intake:track"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Rate the handling of your report" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake:track_rate"), {"rating": "5"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.rating == 5 and case.state == Case.State.CLOSED


def test_rating_without_a_choice_is_refused_on_the_page_and_changes_nothing(client, replied):
    make = replied
    case = make()
    client.post(reverse("intake:track"), {"receipt": _receipt_for(case)})
    response = client.post(reverse("intake:track_rate"), {"rating": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Please choose a rating." in response.content.decode()
    case.refresh_from_db()
    assert case.rating is None and case.state == Case.State.OPEN


def test_rating_form_is_not_offered_before_the_reply(client, file_report):
    case = file_report()
    client.post(reverse("intake:track"), {"receipt": _receipt_for(case)})
    page = client.get(reverse("intake:track"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Rate the handling of your report" not in page.content.decode()
    response = client.post(reverse("intake:track_rate"), {"rating": "4"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.rating is None


def test_reporter_disputes_through_the_api_and_a_supervisor_gets_the_case(
    client, replied, flow, django_capture_on_commit_callbacks
):
    make = replied
    case = make()
    receipt = _receipt_for(case)
    tracked = client.post("/api/v1/track/", {"receipt": receipt}, content_type="application/json")
    assert tracked.json()["can_rate"] is True

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/track/rating/",
            {"receipt": receipt, "rating": 1, "dispute": "工资至今没有发放,处理结果不属实。"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    case.refresh_from_db()
    assert case.disputed and case.rating == 1
    assert flow.open_nodes(case) == ["dispute_review"]


def test_api_rating_with_a_wrong_receipt_or_value_answers_clearly(client, replied):
    make = replied
    case = make()
    receipt = _receipt_for(case)
    unknown = client.post(
        "/api/v1/track/rating/",
        {"receipt": "0000-0000-0000-0000-0000", "rating": 3},
        content_type="application/json",
    )
    assert unknown.status_code == 404
    bad = client.post(
        "/api/v1/track/rating/",
        {"receipt": receipt, "rating": 9},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400 and "rating" in bad.json()["errors"]
    case.refresh_from_db()
    assert case.rating is None and case.state == Case.State.OPEN


def test_a_merged_report_cannot_rate_the_main_case(client, replied, file_report):
    from intake.services import report_merge

    make = replied
    main = make()
    other = file_report()
    report_merge(report=Report.objects.get(pk=other.report_id), into=Report.objects.get(pk=main.report_id))
    receipt = _receipt_for(other)
    response = client.post(
        "/api/v1/track/rating/",
        {"receipt": receipt, "rating": 5},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "merged" in response.json()["errors"]["rating"][0]
