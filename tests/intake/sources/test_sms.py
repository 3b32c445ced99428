"""The SMS gateway webhook: signed posts, replays, status queries and replies."""

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlencode

import pytest
from django.db import connection

from intake.crypto import decrypt
from intake.models import Report, SmsMessage

pytestmark = pytest.mark.django_db

SECRET = "gateway-shared-secret"
URL = "/inbound/sms/"
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def sms_settings(settings):
    settings.SMS_WEBHOOK_SECRET = SECRET
    settings.SMS_DIRECT_REPLY = False


def sign(body: bytes, timestamp: int | None = None, secret: str = SECRET) -> dict:
    timestamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"HTTP_X_TIMESTAMP": timestamp, "HTTP_X_SIGNATURE": signature, "HTTP_ACCEPT_LANGUAGE": "en"}


def payload(text: str, message_id: str = "gw-1", sender: str = PHONE) -> dict:
    return {"sender": sender, "text": text, "message_id": message_id, "time": "2026-03-01T10:00:00+08:00"}


def post_json(client, data: dict, capture, **headers):
    body = json.dumps(data, ensure_ascii=False).encode()
    with capture(execute=True):
        return client.post(URL, data=body, content_type="application/json", **{**sign(body), **headers})


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    return lambda data, **headers: post_json(client, data, django_capture_on_commit_callbacks, **headers)


def test_text_becomes_an_sms_report_and_the_reply_goes_back(send, replies):
    response = send(payload("Someone sells fake lottery tickets at Nada market every evening."))
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.source == Report.Source.SMS
    assert report.reporter_phone == PHONE and report.anonymous
    assert report.external_id == "gw-1"
    body = response.json()
    assert body["reference"] == report.reference and "Receipt:" in body["reply"]
    [reply] = replies
    assert reply["channel"] == "sms" and reply["report_id"] == report.pk
    assert reply["text"] == body["reply"]
    assert PHONE not in reply["address_encrypted"] and decrypt(reply["address_encrypted"]) == PHONE
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_phone FROM intake_report")
        assert PHONE not in cursor.fetchone()[0]


def test_form_encoded_body_is_accepted(client, django_capture_on_commit_callbacks):
    body = urlencode(payload("Someone sells fake lottery tickets at Nada market every evening.")).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data=body, content_type="application/x-www-form-urlencoded", **sign(body))
    assert response.status_code == 200
    assert Report.objects.get().source == Report.Source.SMS


def test_area_number_at_the_start_names_the_area(send, open_area):
    send(payload("99 Someone sells fake lottery tickets at Nada market."))
    report = Report.objects.get()
    assert report.area == open_area
    assert report.description == "Someone sells fake lottery tickets at Nada market."


def test_area_keyword_at_the_start_names_the_area(send, open_area):
    send(payload("测试领域：有人在那大市场卖假彩票，每天晚上都有。"))
    report = Report.objects.get()
    assert report.area == open_area and report.description == "有人在那大市场卖假彩票，每天晚上都有。"


def test_area_with_required_questions_keeps_its_area_and_the_bureau_asks_later(send):
    response = send(payload("欠薪 老板拖欠我们四十个工人三个月的工资。"))
    report = Report.objects.get()
    assert report.area.code == "wage_arrears"
    assert report.description == "老板拖欠我们四十个工人三个月的工资。"
    assert report.answers == {} and report.language == "zh-hans"
    assert report.reference in response.json()["reply"]


def test_message_without_chinese_is_answered_in_english(send):
    response = send(payload("Someone sells fake lottery tickets at Nada market every night."))
    assert Report.objects.get().language == "en"
    assert "Your report was received" in response.json()["reply"]


def test_text_without_area_is_dont_know(send):
    send(payload("有人冒充客服打电话骗我转账五千元，号码是17012345678。"))
    assert Report.objects.get().area is None


def test_cx_returns_the_status(send, submit):
    submission = submit(source=Report.Source.WEB)
    response = send(payload(f"CX {submission.receipt}", message_id="gw-2"))
    assert submission.report.reference in response.json()["reply"]
    assert "Received" in response.json()["reply"]
    assert Report.objects.count() == 1


def test_cx_with_unknown_receipt_says_so(send):
    response = send(payload("cx 0000-0000-0000-0000-0000"))
    assert "No report was found" in response.json()["reply"]


def test_bad_signature_is_refused_and_stores_nothing(client):
    body = json.dumps(payload("Someone sells fake lottery tickets at Nada market.")).encode()
    response = client.post(URL, data=body, content_type="application/json", **sign(body, secret="wrong"))
    assert response.status_code == 401
    assert response.json()["errors"]["signature"]
    assert not Report.objects.exists() and not SmsMessage.objects.exists()


def test_signature_over_a_different_body_is_refused(client):
    body = json.dumps(payload("Someone sells fake lottery tickets at Nada market.")).encode()
    tampered = body.replace(PHONE.encode(), b"13000000000")
    response = client.post(URL, data=tampered, content_type="application/json", **sign(body))
    assert response.status_code == 401
    assert not Report.objects.exists()


def test_stale_timestamp_is_refused(client):
    body = json.dumps(payload("Someone sells fake lottery tickets at Nada market.")).encode()
    headers = sign(body, timestamp=int(time.time()) - 301)
    response = client.post(URL, data=body, content_type="application/json", **headers)
    assert response.status_code == 401 and "timestamp" in response.json()["errors"]
    assert not SmsMessage.objects.exists()


def test_missing_signature_headers_are_refused(client):
    response = client.post(URL, data=b"{}", content_type="application/json")
    assert response.status_code == 401


def test_replayed_request_is_refused(client, django_capture_on_commit_callbacks):
    body = json.dumps(payload("Someone sells fake lottery tickets at Nada market.")).encode()
    headers = sign(body)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data=body, content_type="application/json", **headers)
        again = client.post(URL, data=body, content_type="application/json", **headers)
    assert first.status_code == 200
    assert again.status_code == 409 and again.json()["errors"]["message_id"]
    assert Report.objects.count() == 1


def test_redelivered_message_id_is_refused_even_freshly_signed(send, replies):
    send(payload("Someone sells fake lottery tickets at Nada market."))
    response = send(payload("Someone sells fake lottery tickets at Nada market."))
    assert response.status_code == 409
    assert Report.objects.count() == 1 and len(replies) == 1


def test_too_short_text_gets_a_clear_reply_and_files_nothing(send):
    response = send(payload("help"))
    assert response.status_code == 200
    assert "at least 10 characters" in response.json()["reply"]
    assert response.json()["reference"] is None
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"text": "Someone sells fake lottery tickets.", "message_id": "1"}, "sender"),
        ({"sender": PHONE, "message_id": "1"}, "text"),
        ({"sender": PHONE, "text": "Someone sells fake lottery tickets."}, "message_id"),
        ({"sender": "not a phone", "text": "Someone sells fake tickets.", "message_id": "1"}, "sender"),
        (
            {"sender": PHONE, "text": "Someone sells fake tickets.", "message_id": "1", "time": "yesterday"},
            "time",
        ),
    ],
)
def test_missing_or_bad_fields_are_a_400(send, data, field):
    response = send(data)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not SmsMessage.objects.exists()


def test_invalid_json_is_a_400(client):
    body = b"{not json"
    response = client.post(URL, data=body, content_type="application/json", **sign(body))
    assert response.status_code == 400


def test_direct_reply_gateways_get_the_reply_only_in_the_response(send, replies, settings):
    settings.SMS_DIRECT_REPLY = True
    response = send(payload("Someone sells fake lottery tickets at Nada market."))
    assert "Receipt:" in response.json()["reply"]
    assert replies == []


def test_reply_waits_for_commit(client, django_capture_on_commit_callbacks, replies):
    body = json.dumps(payload("Someone sells fake lottery tickets at Nada market.")).encode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(URL, data=body, content_type="application/json", **sign(body))
    assert replies == []
    for callback in callbacks:
        callback()
    assert [r["channel"] for r in replies] == ["sms"]


def test_unconfigured_webhook_refuses(client, settings):
    settings.SMS_WEBHOOK_SECRET = ""
    body = b"{}"
    assert client.post(URL, data=body, content_type="application/json", **sign(body)).status_code == 503


def test_phone_number_never_reaches_the_log(send, caplog):
    with caplog.at_level(logging.DEBUG):
        send(payload("Someone sells fake lottery tickets at Nada market."))
    assert PHONE not in caplog.text
    assert all(PHONE not in str(record.__dict__) for record in caplog.records)


def test_text_without_an_area_word_is_filed_under_the_area_it_sounds_like(send, replies, triage_model):
    response = send(payload("老板拖欠我们三个月工资不发，请帮忙追讨"))
    report = Report.objects.get()
    assert report.area.code == "wage_arrears"
    reply = response.json()["reply"]
    assert "您的举报听起来属于“拖欠工资”，已归入该领域" in reply


def test_text_out_of_scope_or_unsure_is_filed_without_an_area(send, triage_model):
    response = send(payload("楼上邻居晚上太吵了，天天跺脚"))
    assert Report.objects.get().area is None
    assert "sounds like" not in response.json()["reply"]


def test_the_reply_promises_a_review_time_only_once_the_city_adopted_one(send):
    """The platform's draft of one working day is not a promise: the reply makes none."""
    from tests.policies import policy_set

    text = "Someone sells fake lottery tickets at Nada market every evening."
    reply = send(payload(text)).json()["reply"]
    assert "Your report was received" in reply and "review" not in reply and "working day" not in reply
    policy_set("promise-triage-review", value={"working_days": 2})
    reply = send(payload(text, message_id="gw-2")).json()["reply"]
    assert "The complaint centre will review it within 2 working days." in reply
    reply = send(payload("有人在那大市场卖假彩票，每天晚上都有。", message_id="gw-3")).json()["reply"]
    assert "投诉举报中心将在2个工作日内审核。" in reply
