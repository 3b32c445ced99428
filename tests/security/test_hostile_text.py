"""Text no page, XML document or PostgreSQL column can hold is refused at the door, with a
clear message and nothing stored (findings 2, 6 and 16)."""

import json

import pytest
from django.core.exceptions import ValidationError

from intake.models import Report
from intake.services import report_submit
from tests.support.drafts import report_draft

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
DESCRIPTION = "工地老板拖欠我们三个月工资,一直不给。"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
LONE_SURROGATE = "\\udc00"  # as JSON writes it: json.loads turns it into a lone surrogate


def raw_json(client, body: str, **headers):
    return client.post(REPORTS, body, content_type="application/json", **{**EN, **headers})


@pytest.mark.parametrize(
    "field",
    [
        '"subject_contacts": ["1380013\\udc00"]',
        '"answers": {"amount_owed": "5\\udc00"}',
        '"answers": {"\\udc00": "1"}',
        '"area": "\\udc00"',
        '"subject_name": "Acme \\ud800 Ltd"',
    ],
)
def test_lone_surrogates_anywhere_in_json_are_a_400(client, field):
    response = raw_json(client, f'{{"description": "{DESCRIPTION}", {field}}}')
    assert response.status_code == 400
    assert "broken Unicode" in response.json()["errors"]["non_field_errors"][0]
    assert not Report.objects.exists()


def test_the_refusal_speaks_chinese_by_default(client):
    response = raw_json(client, f'{{"description": "{DESCRIPTION}\\udc00"}}', **ZH)
    assert response.status_code == 400
    message = response.json()["errors"]["non_field_errors"][0]
    assert "Unicode" in message and "控制字符" in message


@pytest.mark.parametrize(
    "data",
    [
        {"subject_contacts": ["1380013\x008000"]},
        {"answers": {"amount_owed": "5\x00"}},
        {"description": DESCRIPTION + "\x00"},
        {"subject_name": "Acme\x1b[31m Ltd"},
    ],
)
def test_nul_and_control_characters_in_json_are_a_400(client, data):
    response = raw_json(client, json.dumps({"description": DESCRIPTION, **data}))
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"subject_contacts": "1380013\x008000"},
        {"answers": json.dumps({"amount_owed": "5\x00"})},
        {"answers": '{"\\udc00": {}}'},
        {"answers": "[" * 100_000},
        {"location": "Nada\x00"},
    ],
)
def test_nul_and_broken_text_in_multipart_are_a_400(client, data):
    response = client.post(REPORTS, {"description": DESCRIPTION, **data}, **EN)
    assert response.status_code == 400, response.content
    assert not Report.objects.exists()


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_deeply_nested_json_is_a_400_not_a_500(client, depth):
    nested = "[" * depth + "1" + "]" * depth
    body = f'{{"description": "{DESCRIPTION}", "answers": {nested}}}'
    response = raw_json(client, body)
    assert response.status_code == 400
    assert "nested" in response.json()["errors"]["non_field_errors"][0]
    assert not Report.objects.exists()


def test_nesting_within_the_limit_still_reaches_the_serializer(client):
    response = raw_json(client, json.dumps({"description": DESCRIPTION, "answers": {"x": [[["1"]]]}}))
    assert response.status_code == 400
    assert "answers.x" in response.json()["errors"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", DESCRIPTION + "\x00"),
        ("location", "Nada\x0b"),
        ("subject_name", "Acme\ud800"),
        ("subject_contacts", ["138\x00"]),
        ("reporter_phone", "138\x00"),
        ("reporter_email", "a@b.cn\x00"),
        ("reporter_wechat_openid", "oABC\x00"),
    ],
)
def test_report_submit_refuses_unstorable_text_from_every_source(field, value):
    for source in Report.Source.values:
        with pytest.raises(ValidationError) as refused:
            report_submit(report_draft(**{"source": source, "description": DESCRIPTION, field: value}))
        assert field in refused.value.message_dict
    assert not Report.objects.exists()


def test_tabs_and_new_lines_are_ordinary_text():
    submission = report_submit(
        report_draft(source=Report.Source.WEB, description=DESCRIPTION + "\n\t第二段\r\n")
    )
    assert submission.report.pk


def test_added_information_and_disputes_refuse_nul(client, submit):
    from intake.services import report_message_add, report_rate

    report = submit().report
    with pytest.raises(ValidationError):
        report_message_add(report=report, text="more\x00")
    with pytest.raises(ValidationError) as refused:
        report_rate(report=report, rating=1, dispute="unfair\x00")
    assert "dispute" in refused.value.message_dict
    assert not report.messages.filter(kind="reporter_info").exists()


def test_open311_refuses_nul_in_the_description(client):
    from intake.sources.open311.services import DEMO_KEY, demo_client_ensure

    demo_client_ensure()
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": DEMO_KEY,
            "service_code": "wage_arrears",
            "address_string": "Nada Town",
            "description": "The site boss has not paid\x00 forty workers.",
            "attribute[employer]": "Acme",
            "attribute[amount_owed]": "5",
        },
        **EN,
    )
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("description:")
    assert not Report.objects.exists()


def test_officers_task_forms_refuse_control_characters():
    from workflow.views.forms import DisputeReviewForm, ReplyForm

    reply = ReplyForm(data={"text": "经查,\x1b[2J您反映的问题已处理完毕。"})
    assert not reply.is_valid() and "text" in reply.errors
    assert ReplyForm(data={"text": "经查,您反映的问题已处理完毕。\n谢谢。"}).is_valid()
    review = DisputeReviewForm(data={"note": "理由\x0b说明", "reopen": "no"})
    assert not review.is_valid() and "note" in review.errors
