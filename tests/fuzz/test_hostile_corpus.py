"""A hostile corpus through every public endpoint: each input is refused with a 4xx and a
clear message in the user's language, nothing is stored, and nothing answers 500."""

import json
from urllib.parse import quote, urlencode

import pytest
from django.test import Client

from intake.models import Attachment, Report, ReportMessage
from intake.sources.open311.services import DEMO_KEY, demo_client_ensure
from tests.fuzz.conftest import TRIED

pytestmark = pytest.mark.django_db

HOSTILE = {
    "lone-surrogate": "\udc00",
    "high-surrogate": "\ud800x",
    "nul": "a\x00b",
    "control": "\x01\x1b[2J\x7f",
    "xss": "<script>alert(1)</script>",
    "xss-attribute": '"><img src=x onerror=alert(1)>',
    "javascript-url": "javascript:alert(1)",
    "sqli": "' OR '1'='1' --",
    "sqli-union": "1 UNION SELECT reporter_name FROM intake_report",
    "bidi-override": "\u202e8000831008",
    "zero-width": "1380\u200b0138000",
    "fullwidth-digits": "１３８００１３８０００",
    "homoglyphs": "ѕеrvісе",
    "combining-flood": "e" + "\u0301" * 500,
    "emoji": "🙂" * 20,
    "formula": '=HYPERLINK("http://evil.example","x")',
    "path-traversal": "../../../etc/passwd",
    "format-string": "%s%n{0}{__class__}",
    "huge": "A" * 100_000,
    "date-min": "0001-01-01",
    "date-max": "9999-12-31T23:59:59+14:00",
    "date-impossible": "2026-02-30",
    "number-overflow": "1e309",
    "nan": "NaN",
    "negative": "-1",
    "empty-object": "{}",
}

SURROGATES = ("lone-surrogate", "high-surrogate")
# A value that happens to be right for a field is not hostile there: a negative coordinate,
# and digits typed full-width by a Chinese input method.
ACCEPTABLE = {
    ("latitude", "negative"),
    ("longitude", "negative"),
    ("lat", "negative"),
    ("long", "negative"),
    ("attribute[amount_owed]", "fullwidth-digits"),
}


def raw(value: str) -> bytes:
    """The bytes a hostile client sends: a lone surrogate as its (invalid) UTF-8 encoding."""
    return value.encode("utf-8", "surrogatepass")


def post_form(client, path: str, data: dict, **extra):
    """POST form-encoded bytes as sent on the wire (the test client refuses surrogates)."""
    body = urlencode({key: raw(value) if isinstance(value, str) else value for key, value in data.items()})
    return client.post(path, body, content_type="application/x-www-form-urlencoded", **extra)


def get_raw(client, path: str, params: dict | None = None, **extra):
    """GET with a path and query string quoted from raw bytes."""
    query = urlencode({key: raw(value) for key, value in (params or {}).items()})
    return client.get(quote(raw(path), safe="/.") + (f"?{query}" if query else ""), **extra)


def stored() -> tuple[int, int, int]:
    return Report.objects.count(), ReportMessage.objects.count(), Attachment.objects.count()


def assert_clear_refusal(response) -> None:
    """A 4xx with a message a person can read: JSON errors, an Open311 error list, or a page
    with an alert."""
    TRIED["hostile corpus"] += 1
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8")
    if "json" in content_type:
        data = json.loads(body)
        if isinstance(data, list):  # Open311
            assert data and all(item.get("description") for item in data)
        else:
            messages = [m for ms in data["errors"].values() for m in ms]
            assert messages and all(isinstance(m, str) and m.strip() for m in messages)
    elif "xml" in content_type:
        assert "<description>" in body
    else:
        assert 'role="alert"' in body or "errorlist" in body, body[:500]


# -- the public JSON API -------------------------------------------------------------------

API_REPORT = {
    "description": "老板拖欠我们三个月工资,一直不给,工地上四十个人都没拿到钱。",
    "anonymous": True,
    "subject_kind": "organisation",
    "subject_name": "某建设工程有限公司",
}
API_REPORT_FIELDS = [
    "area",
    "occurred_on",
    "latitude",
    "longitude",
    "reporter_email",
    "subject_kind",
    "subject_credit_code",
    "reporter_phone",
    "anonymous",
]


def test_the_api_base_report_is_accepted(client):
    response = client.post("/api/v1/reports/", API_REPORT, content_type="application/json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("field", API_REPORT_FIELDS)
def test_api_report_refuses_hostile_structured_values(client, field):
    before = stored()
    for name, value in HOSTILE.items():
        if (field, name) in ACCEPTABLE or name in SURROGATES:
            continue  # surrogates: the test below
        response = client.post(
            "/api/v1/reports/", {**API_REPORT, field: value}, content_type="application/json"
        )
        assert_clear_refusal(response)
        assert stored() == before, (field, name)


@pytest.mark.parametrize("field", API_REPORT_FIELDS)
def test_api_report_refuses_surrogates_in_structured_fields(client, field):
    before = stored()
    for name in SURROGATES:
        response = client.post(
            "/api/v1/reports/", {**API_REPORT, field: HOSTILE[name]}, content_type="application/json"
        )
        assert_clear_refusal(response)
        assert stored() == before


@pytest.mark.parametrize("path", ["/api/v1/track/", "/api/v1/track/messages/", "/api/v1/track/rating/"])
def test_api_receipt_endpoints_refuse_every_hostile_receipt(client, path):
    before = stored()
    for value in HOSTILE.values():
        body = {"receipt": value, "text": "补充一点情况。", "rating": 5}
        assert_clear_refusal(client.post(path, body, content_type="application/json"))
        assert stored() == before


def test_api_rating_refuses_hostile_ratings(client, submit):
    receipt = submit().receipt
    before = stored()
    for value in HOSTILE.values():
        body = {"receipt": receipt, "rating": value}
        assert_clear_refusal(client.post("/api/v1/track/rating/", body, content_type="application/json"))
        assert stored() == before


def test_api_refuses_huge_bodies_and_broken_json(client):
    before = stored()
    huge = json.dumps({**API_REPORT, "description": "欠薪" * 3_000_000})
    for body in (huge, "{", "[]", '"text"', "null", "{" * 10 + "}" * 9, "\xff\xfe"):
        assert_clear_refusal(client.post("/api/v1/reports/", body, content_type="application/json"))
    assert_clear_refusal(
        client.post("/api/v1/reports/", b"\x00" * 1000, content_type="multipart/form-data; boundary=x")
    )
    assert stored() == before


def test_api_refuses_nested_answers(client):
    before = stored()
    nested: object = "x"
    for _ in range(50):
        nested = {"a": [nested]}
    body = {**API_REPORT, "answers": {"note": nested}}
    assert_clear_refusal(client.post("/api/v1/reports/", body, content_type="application/json"))
    assert stored() == before


def test_api_refuses_deeply_nested_json(client):
    before = stored()
    body = '{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert_clear_refusal(client.post("/api/v1/reports/", body, content_type="application/json"))
    assert stored() == before


@pytest.mark.parametrize("name", ["lone-surrogate", "high-surrogate", "nul", "control"])
@pytest.mark.parametrize("field", ["description", "subject_name", "location", "subject_contacts"])
def test_api_refuses_text_that_cannot_be_stored_or_shown(client, field, name):
    before = stored()
    value = API_REPORT["description"] + HOSTILE[name] if field == "description" else HOSTILE[name]
    body = {**API_REPORT, field: [value] if field == "subject_contacts" else value}
    assert_clear_refusal(client.post("/api/v1/reports/", body, content_type="application/json"))
    assert stored() == before


def test_markup_and_sql_in_free_text_are_kept_as_text_and_shown_escaped(client):
    for name in ("xss", "xss-attribute", "sqli", "sqli-union", "formula"):
        body = {**API_REPORT, "description": API_REPORT["description"] + HOSTILE[name]}
        response = client.post("/api/v1/reports/", body, content_type="application/json")
        TRIED["hostile corpus"] += 1
        assert response.status_code == 201
        receipt = response.json()["receipt"]
        page = client.post("/track/", {"receipt": receipt}, follow=True)
        TRIED["hostile corpus"] += 1
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in page.content.decode()
        assert "<img src=x" not in page.content.decode()
    assert Report.objects.filter(description__contains="UNION SELECT").count() == 1


# -- the public web pages ------------------------------------------------------------------

WEB_REPORT = {
    "token": "tok_" + "b" * 28,
    "area": "",
    "description": "老板拖欠我们三个月工资,一直不给,工地上四十个人都没拿到钱。",
    "occurred_on": "2024-05-01",
    "location": "那大镇",
    "subject_kind": "organisation",
    "subject_name": "某建设工程有限公司",
    "subject_credit_code": "",
    "subject_contacts": "",
    "anonymous": "anonymous",
}


def test_the_web_base_report_is_accepted(client):
    response = client.post("/report/", WEB_REPORT)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("field", ["area", "occurred_on", "subject_kind", "subject_credit_code", "anonymous"])
def test_web_report_refuses_hostile_structured_values(client, field):
    before = stored()
    for name, value in HOSTILE.items():
        response = post_form(client, "/report/", {**WEB_REPORT, field: value})
        assert_clear_refusal(response)
        assert stored() == before, (field, name)


@pytest.mark.parametrize("field", ["description", "subject_name", "location"])
def test_web_report_refuses_nul_and_oversized_text(client, field):
    before = stored()
    for name in ("nul", "huge"):
        value = WEB_REPORT["description"] + HOSTILE[name] if field == "description" else HOSTILE[name]
        assert_clear_refusal(post_form(client, "/report/", {**WEB_REPORT, field: value}))
        assert stored() == before


@pytest.mark.parametrize("path", ["/track/", "/track/add/", "/track/rate/", "/track/close/"])
def test_web_receipt_pages_refuse_every_hostile_receipt(client, path):
    before = stored()
    for value in HOSTILE.values():
        response = post_form(client, path, {"receipt": value, "text": "补充。", "rating": "5"})
        TRIED["hostile corpus"] += 1
        assert 400 <= response.status_code < 500 or response.status_code == 302, response.status_code
        assert stored() == before


# -- Open311 -------------------------------------------------------------------------------

OPEN311 = {
    "service_code": "wage_arrears",
    "address_string": "那大镇中兴大街12号",
    "description": "工地老板三个月没有发四十个工人的工资。",
    "attribute[employer]": "某建设工程有限公司",
    "attribute[amount_owed]": "50000",
}


@pytest.fixture
def open311_key(db):
    demo_client_ensure()
    return DEMO_KEY


def test_the_open311_base_request_is_accepted(client, open311_key):
    response = client.post("/open311/v2/requests.json", {**OPEN311, "api_key": open311_key})
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "field", ["api_key", "service_code", "lat", "long", "email", "phone", "attribute[amount_owed]"]
)
def test_open311_post_refuses_hostile_structured_values(client, open311_key, field):
    before = stored()
    for name, value in HOSTILE.items():
        if (field, name) in ACCEPTABLE:
            continue
        data = {**OPEN311, "api_key": open311_key, field: value}
        assert_clear_refusal(post_form(client, "/open311/v2/requests.json", data))
        assert stored() == before, (field, name)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_lookups_never_fail_on_hostile_ids(client, open311_key, fmt):
    for value in HOSTILE.values():
        for path in (
            f"/open311/v2/requests/{value[:200]}.{fmt}",
            f"/open311/v2/services/{value[:200]}.{fmt}",
        ):
            response = get_raw(client, path, {"api_key": open311_key})
            if response.status_code == 400:  # a NUL character: refused before any lookup
                assert "\x00" in value
                assert_clear_refusal(response)
            else:
                TRIED["hostile corpus"] += 1
                assert response.status_code in (200, 404), (path, response.status_code)
            response = get_raw(client, path, {"api_key": value})
            if response.status_code == 400:
                assert "\x00" in value
                assert_clear_refusal(response)
            else:
                TRIED["hostile corpus"] += 1
                assert response.status_code in (200, 403, 404), (path, response.status_code)


@pytest.mark.parametrize("param", ["start_date", "end_date", "status", "service_request_id", "service_code"])
def test_open311_listing_never_fails_on_hostile_filters(client, open311_key, param):
    for value in HOSTILE.values():
        response = get_raw(client, "/open311/v2/requests.json", {"api_key": open311_key, param: value})
        if response.status_code >= 400:
            assert_clear_refusal(response)
        else:
            TRIED["hostile corpus"] += 1
            assert response.status_code == 200


# -- webhooks and the credit pages ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/inbound/sms/", "/inbound/wechat/"])
def test_unsigned_webhook_bodies_are_refused_and_store_nothing(client, settings, path):
    settings.SMS_WEBHOOK_SECRET = "sms-secret"
    settings.WECHAT_TOKEN = "wechat-token"
    before = stored()
    for value in HOSTILE.values():
        response = client.post(path, raw(value), content_type="text/plain")
        TRIED["hostile corpus"] += 1
        assert 400 <= response.status_code < 500, (path, response.status_code)
        assert stored() == before


def test_credit_pages_never_fail_on_hostile_queries(client):
    for value in HOSTILE.values():
        for path in ("/credit/", "/credit/sectors/", "/credit/export/blacklist.csv"):
            response = get_raw(client, path, {"q": value[:2000], "sector": value[:200], "page": value[:50]})
            TRIED["hostile corpus"] += 1
            assert response.status_code < 500, (path, response.status_code)


def test_credit_repair_of_a_missing_entry_is_404_and_stores_nothing(client):
    before = stored()
    for value in HOSTILE.values():
        response = post_form(
            client, "/credit/entries/999999/repair/", {"applicant_name": value, "reason": value}
        )
        TRIED["hostile corpus"] += 1
        # A NUL character is refused before any lookup (400); anything else finds no entry.
        assert response.status_code == (400 if "\x00" in value else 404)
    assert stored() == before


def test_language_switch_never_fails_on_hostile_values():
    client = Client()
    for value in HOSTILE.values():
        response = post_form(client, "/i18n/setlang/", {"language": value[:100], "next": value[:500]})
        TRIED["hostile corpus"] += 1
        assert response.status_code in (200, 302, 400)
        assert not response.get("Location", "/").startswith(("http", "//", "javascript"))


# -- what the fuzzing found beyond the list, each fixed ----------------------------


def test_staff_api_refuses_an_empty_or_unknown_filter_and_a_bad_page_size(client, hrss_officer):
    from rest_framework.authtoken.models import Token

    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=hrss_officer).key}"}
    assert client.get("/api/v1/cases/?status=open", **auth).status_code == 200
    for query in ("status=", "stage=", "status=bogus", "page_size=null", "page_size=0", "page_size=-1"):
        assert_clear_refusal(client.get(f"/api/v1/cases/?{query}", **auth))


def test_credit_api_answers_json_404_for_an_id_that_is_no_number(client):
    for path in (
        "/api/v1/credit/entries/null,null/",
        "/api/v1/credit/entries/abc/",
        "/api/v1/credit/entries/999999/",
    ):
        assert_clear_refusal(client.get(path))


def test_dates_before_1900_are_refused(client):
    before = stored()
    response = client.post(
        "/api/v1/reports/", {**API_REPORT, "occurred_on": "0001-01-01"}, content_type="application/json"
    )
    assert_clear_refusal(response)
    assert "年份" in response.content.decode()
    assert stored() == before
