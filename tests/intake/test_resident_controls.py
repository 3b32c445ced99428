"""Controls residents and operators touch on a phone: rating choices and head-count inputs."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from intake.models import Area, Report, ReportMessage
from intake.services import report_message_post, report_status_set

TOKEN = "tok_" + "e" * 28


@pytest.fixture
def replied(submit, client):
    """A report the bureau replied to, opened through its receipt."""
    submission = submit()
    report_status_set(report=submission.report, status=Report.Status.DECIDED)
    report_message_post(report=submission.report, kind=ReportMessage.Kind.REPLY, text="已处理完毕。")
    client.post("/track/", {"receipt": submission.receipt})
    return submission.report


def test_rating_is_a_fieldset_with_a_legend_and_whole_rows_as_targets(client, replied):
    html = client.get("/track/").content.decode()
    block = re.search(r'<fieldset class="field rating"[^>]*>(.*?)</fieldset>', html, re.S).group(1)
    assert re.search(r"<legend[^>]*>\s*您对举报的办理情况是否满意？", block)
    labels = re.findall(
        r'<label class="choice" for="(id_rating_\d)">\s*<input type="radio"[^>]*id="\1"', block
    )
    assert len(labels) == 5
    assert 'class="choices large"' in block
    css = Path(finders.find("intake/site.css")).read_text(encoding="utf-8")
    assert re.search(r"\.choices\.large \.choice \{[^}]*min-height: 3rem", css)


def test_rating_without_a_choice_is_explained_at_the_top_and_stores_nothing(
    client, replied, django_capture_on_commit_callbacks
):
    messages_before = ReportMessage.objects.count()
    with django_capture_on_commit_callbacks() as callbacks:
        page = client.post("/track/rate/", {"rating": "", "dispute": ""})
    html = page.content.decode()
    assert page.status_code == 400
    assert "data-error-summary" in html and 'href="#field-rating"' in html
    assert 'id="id_rating_error"' in html
    assert callbacks == [] and ReportMessage.objects.count() == messages_before


def test_head_counts_get_a_numeric_keypad_and_whole_numbers(client, db):
    html = client.get("/report/", {"area": "wage_arrears"}).content.decode()
    workers = re.search(r'<input [^>]*name="q-wage_arrears-workers"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in workers and 'step="1"' in workers
    amount = re.search(r'<input [^>]*name="q-wage_arrears-amount_owed"[^>]*>', html).group(0)
    assert 'inputmode="decimal"' in amount  # money keeps its decimal point
    data = {
        "token": TOKEN,
        "area": "wage_arrears",
        "description": "老板拖欠我们三个月工资，一直不给。",
        "anonymous": "anonymous",
        "q-wage_arrears-amount_owed": "50000",
        "q-wage_arrears-employer": "儋州某建设工程有限公司",
        "q-wage_arrears-workers": "2.5",
    }
    area = Area.objects.get(code="wage_arrears")
    for question in area.questions.filter(required=True).exclude(code__in=["amount_owed", "employer"]):
        data[f"q-wage_arrears-{question.code}"] = "见描述"
    refused = client.post("/report/", data)
    assert refused.status_code == 400 and Report.objects.count() == 0
    assert "请填写大于或等于0的整数" in refused.content.decode()
    data["q-wage_arrears-workers"] = "23"
    assert client.post("/report/", data).status_code == 302
    assert Report.objects.get().answers["workers"] == "23"


def test_hotline_head_count_gets_a_numeric_keypad(client, operator):
    client.force_login(operator)
    html = client.get("/staff/hotline/", {"area": "wage_arrears"}).content.decode()
    workers = re.search(r'<input [^>]*name="[^"]*workers"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in workers
