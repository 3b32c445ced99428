"""The hotline operator's form: permission, filing for a caller, the receipt shown once."""

import uuid

import pytest
from django.db import connection

from intake.models import Report

pytestmark = pytest.mark.django_db

URL = "/staff/hotline/"
CALLER = "13812345678"


def form_data(**overrides) -> dict:
    data = {
        "area": "wage_arrears",
        "form_token": str(uuid.uuid4()),
        "description": "The caller's employer has not paid forty workers for three months.",
        "subject_kind": "organisation",
        "subject_name": "Acme Construction Ltd",
        "caller_phone": CALLER,
        "answer_employer": "Acme Construction Ltd",
        "answer_amount_owed": "50000",
        "subject_contacts": "0898-12345678\n13000000000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_without_the_permission_get_403(client, psb_officer):
    client.force_login(psb_officer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data()).status_code == 403
    assert not Report.objects.exists()


def test_operator_sees_the_area_questions(operator_client):
    response = operator_client.get(URL, {"area": "wage_arrears"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert b'name="answer_employer"' in response.content and b'name="answer_amount_owed"' in response.content
    assert response["Cache-Control"].startswith("max-age=0")


def test_unknown_area_is_404(operator_client):
    assert operator_client.get(URL, {"area": "no_such_area"}).status_code == 404


def test_operator_files_a_hotline_report_and_reads_out_the_receipt(operator_client, operator):
    response = operator_client.post(URL, form_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.source == Report.Source.HOTLINE
    assert report.submitted_by == operator
    assert report.anonymous and report.reporter_name == ""
    assert report.reporter_phone == CALLER
    assert report.answers == {"employer": "Acme Construction Ltd", "amount_owed": "50000"}
    assert report.subject_contacts == ["0898-12345678", "13000000000"]
    assert report.reference.encode() in response.content
    assert b"shown only this once" in response.content
    assert "no-store" in response["Cache-Control"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_phone FROM intake_report")
        assert CALLER not in cursor.fetchone()[0]


def test_real_name_caller_keeps_name_and_identity_number(operator_client):
    operator_client.post(
        URL,
        form_data(real_name="on", reporter_name="王小明", reporter_id_number="11010519491231002X"),
    )
    report = Report.objects.get()
    assert not report.anonymous and report.reporter_name == "王小明"
    assert report.reporter_id_number == "11010519491231002X"


def test_anonymous_caller_leaves_no_name_even_if_typed(operator_client):
    operator_client.post(URL, form_data(reporter_name="王小明"))
    assert Report.objects.get().reporter_name == ""


def test_caller_who_does_not_know_the_area(operator_client):
    data = form_data(area="")
    del data["answer_employer"], data["answer_amount_owed"]
    operator_client.post(URL, data)
    assert Report.objects.get().area is None


def test_missing_required_answer_is_a_400_and_files_nothing(operator_client):
    response = operator_client.post(URL, form_data(answer_employer=""), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert b"This field is required" in response.content
    assert not Report.objects.exists()


def test_bad_identity_number_for_real_name_is_shown_on_the_form(operator_client):
    response = operator_client.post(
        URL,
        form_data(real_name="on", reporter_name="王小明", reporter_id_number="110105194912310021"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert b"check digit" in response.content
    assert not Report.objects.exists()


def test_submitting_the_same_form_twice_files_once_and_hides_the_receipt(operator_client):
    data = form_data()
    first = operator_client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    again = operator_client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert Report.objects.count() == 1
    assert b"Receipt" not in again.content or b"cannot be shown again" in again.content
    receipt_marker = b'class="receipt"'
    assert receipt_marker in first.content and receipt_marker not in again.content
