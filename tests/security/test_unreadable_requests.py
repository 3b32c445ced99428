"""A body that cannot be read gets a clear 400 in the caller's language and the endpoint's
format; the staff API documents what it answers and refuses filters it cannot read
(finding 15)."""

import pytest
import yaml

from intake.models import Report

pytestmark = pytest.mark.django_db

BROKEN = [
    ("multipart/form-data", b"abc"),  # no boundary
    ("multipart/form-data; boundary=\xff", b"--xyz\r\n"),
]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(("content_type", "body"), BROKEN)
@pytest.mark.parametrize("url", ["/api/v1/reports/", "/api/v1/track/", "/api/v1/track/messages/"])
def test_public_api_answers_an_unreadable_body_in_its_error_shape(client, url, content_type, body):
    response = client.post(url, body, content_type=content_type, **EN)
    assert response.status_code == 400
    [message] = response.json()["errors"]["non_field_errors"]
    assert message.startswith("The request body could not be read")
    assert not Report.objects.exists()


@pytest.mark.parametrize(("content_type", "body"), BROKEN)
def test_open311_answers_an_unreadable_body_in_the_georeport_format(client, content_type, body):
    response = client.post("/open311/v2/requests.json", body, content_type=content_type, **EN)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()[0]["code"] == 400
    xml = client.post("/open311/v2/requests.xml", body, content_type=content_type, **EN)
    assert xml.status_code == 400 and b"<errors><error><code>400</code>" in xml.content


@pytest.mark.parametrize(("content_type", "body"), BROKEN)
def test_pages_answer_an_unreadable_body_with_a_page_in_chinese(client, content_type, body):
    response = client.post("/accounts/login/", body, content_type=content_type)
    assert response.status_code == 400
    assert "无法读取请求" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("value", ["-1", "maybe", "2"])
def test_staff_api_refuses_an_overdue_filter_it_cannot_read(client, triage_user, value):
    client.force_login(triage_user)
    response = client.get("/api/v1/cases/", {"overdue": value}, **EN)
    assert response.status_code == 400
    assert response.json()["errors"]["overdue"] == ["Use true or false."]
    for ok in ("true", "false", "1", "0", ""):
        assert client.get("/api/v1/cases/", {"overdue": ok}).status_code == 200


def test_schema_documents_401_404_and_nullable_fields(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    listing = schema["paths"]["/api/v1/cases/"]["get"]["responses"]
    detail = schema["paths"]["/api/v1/cases/{reference}/"]["get"]["responses"]
    assert {"200", "400", "401"} <= set(listing) and {"200", "401", "404"} <= set(detail)
    case = schema["components"]["schemas"]["Case"]["properties"]
    assert case["area"].get("nullable") and case["bureau"].get("nullable")
    history = schema["components"]["schemas"]["History"]["properties"]
    assert history["actor"].get("nullable") and history["bureau"].get("nullable")


@pytest.mark.parametrize("body", [b"", b"--xyz--\r\n"])
def test_an_empty_multipart_body_is_a_400_naming_what_is_missing(client, body):
    response = client.post("/api/v1/reports/", body, content_type="multipart/form-data; boundary=xyz", **EN)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "description" in response.json()["errors"]
