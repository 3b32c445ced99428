"""Structured logs: one JSON line an event, request ids, personal data masked."""

import io
import json
import logging

import pytest

from project import logs


def render(record_args: dict) -> dict:
    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(logs.RequestIdFilter())
    handler.addFilter(logs.PersonalDataFilter())
    handler.setFormatter(logs.JsonLineFormatter())
    record = logging.makeLogRecord(record_args)
    for item in handler.filters:
        item.filter(record)
    return json.loads(handler.format(record))


def test_a_record_is_one_json_object_with_level_logger_and_extra_fields():
    line = render({"name": "intake.services", "levelname": "INFO", "msg": "report stored", "report_id": 7})
    assert line["level"] == "INFO" and line["logger"] == "intake.services"
    assert line["message"] == "report stored" and line["report_id"] == 7
    assert "time" in line and line["request_id"] == ""


@pytest.mark.parametrize(
    "text, kind",
    [
        ("13712345678", "[phone]"),
        ("+86 13712345678", "[phone]"),
        ("11010519491231002X", "[id-number]"),
        ("someone@example.cn", "[email]"),
        ("oAbCdEfGhIjKlMnOpQrStUvWxYz0", "[openid]"),
        ("6222021234567890123", "[account]"),
    ],
)
def test_personal_data_is_masked_in_message_arguments_and_extra_fields(text, kind):
    line = render({"msg": "from %s", "args": (text,), "contact": {"who": [text]}, "levelname": "INFO"})
    assert text not in json.dumps(line, ensure_ascii=False)
    assert line["message"] == f"from {kind}" and line["contact"] == {"who": [kind]}


def test_decimal_fractions_are_kept_and_a_number_after_a_full_stop_is_still_masked():
    message = "task succeeded in 0.007807662999766762s and 0.13912345678 s"
    assert render({"msg": message, "levelname": "INFO"})["message"] == message
    line = render({"msg": "卡号.6222021234567890123 手机.13712345678", "levelname": "INFO"})
    assert line["message"] == "卡号.[account] 手机.[phone]"


def test_references_and_ids_are_kept():
    line = render({"msg": "case DZ-2026-000123 report 42 took 1500 ms", "levelname": "INFO"})
    assert line["message"] == "case DZ-2026-000123 report 42 took 1500 ms"


def test_access_lines_lose_their_query_string():
    line = render(
        {"name": "django.server", "msg": '"POST /inbound/wechat/?openid=abc&signature=x HTTP/1.1" 200 5'}
    )
    assert "openid" not in line["message"] and "?[query]" in line["message"]


@pytest.mark.django_db
def test_each_response_carries_a_request_id_and_a_proxy_id_is_kept_when_well_formed(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nINFO fake line")["X-Request-ID"]
    assert "\n" not in forged and forged != "x\nINFO fake line"


def test_the_request_id_travels_with_a_queued_task():
    from celery.signals import before_task_publish

    token = logs.request_id_var.set("req-0001abcd")
    try:
        headers: dict = {}
        before_task_publish.send(sender="notifications.tasks.notification_send", headers=headers, body=())
        assert headers["request_id"] == "req-0001abcd"
    finally:
        logs.request_id_var.reset(token)


def test_a_worker_task_logs_under_the_request_id_it_was_queued_with():
    from celery.signals import task_postrun, task_prerun

    class Request:
        is_eager = False
        headers = None
        request_id = "req-0002abcd"

    class Task:
        request = Request()

    task_prerun.send(sender=Task, task=Task)
    assert logs.request_id_var.get() == "req-0002abcd"
    task_postrun.send(sender=Task, task=Task)
    assert logs.request_id_var.get() == ""
