"""A NUL character (U+0000) in any request parameter is refused before a view runs: 400 in
the caller's language and the endpoint's format, nothing stored. PostgreSQL text columns
cannot hold or compare NUL, so on PostgreSQL such a lookup used to fail with a 500."""

import io
import json

import pytest

from intake.models import Report
from intake.sources.open311.services import DEMO_KEY, demo_client_ensure

ZH_MESSAGE = "请求中含有 NUL 字符(U+0000),这里的任何文字都不能包含它。"
EN_MESSAGE = "The request holds a NUL character (U+0000), which no text here may contain."

pytestmark = pytest.mark.django_db


def test_a_page_refuses_nul_in_the_query_string_in_chinese(client):
    response = client.get("/track/?receipt=AB%00CD")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert ZH_MESSAGE in body


def test_a_page_refuses_nul_in_english_for_an_english_reader(client):
    response = client.get("/track/?receipt=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert EN_MESSAGE in response.content.decode()


def test_nul_in_the_path_is_refused(client):
    response = client.get("/open311/v2/requests/AB%00.json", {"api_key": DEMO_KEY})
    assert response.status_code == 400
    assert json.loads(response.content)[0]["code"] == 400


def test_open311_refuses_a_nul_service_code_in_its_own_format_and_stores_nothing(client):
    demo_client_ensure()
    before = Report.objects.count()
    for fmt in ("json", "xml"):
        response = client.post(
            f"/open311/v2/requests.{fmt}",
            {
                "api_key": DEMO_KEY,
                "service_code": "wage\x00",
                "description": "拖欠工资三个月",
                "lat": "19.5",
                "long": "109.5",
            },
        )
        assert response.status_code == 400
        if fmt == "json":
            assert json.loads(response.content)[0]["description"] == f"service_code: {ZH_MESSAGE}"
        else:
            assert f"<description>service_code: {ZH_MESSAGE}</description>" in response.content.decode()
    assert Report.objects.count() == before


def test_the_api_names_the_parameter_that_held_the_nul(client):
    response = client.get("/api/v1/areas/suggest/", {"text": "拖欠\x00工资"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"text": [ZH_MESSAGE]}}


def test_a_nul_in_a_parameter_name_is_refused_too(client):
    response = client.get("/track/?a%00b=1")
    assert response.status_code == 400


def test_uploaded_files_may_hold_nul_bytes(client):
    """Files are bytes, not text: a PNG (its header alone holds NUL bytes) goes in with a report."""
    from PIL import Image

    from intake.models import Attachment
    from tests.fuzz.test_hostile_corpus import WEB_REPORT

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    assert b"\x00" in buffer.getvalue()
    buffer.seek(0)
    buffer.name = "photo.png"
    response = client.post("/report/", {**WEB_REPORT, "attachments": buffer})
    assert response.status_code == 302, response.content.decode()[:1000]
    assert Attachment.objects.count() == 1


def test_an_ordinary_request_passes(client):
    assert client.get("/track/").status_code == 200
