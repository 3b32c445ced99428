"""The resident's tracking page agrees with the case at every step and shows what they filed."""

import datetime
import re

import pytest
import time_machine
from django.utils import formats, timezone, translation

from intake.models import Area, Report, ReportMessage
from intake.services import report_submit
from tests.policies import policy_set
from tests.support.drafts import report_draft
from tests.workflow.conftest import answers_for
from workflow.models import Case
from workflow.services import OutcomeSpec

SUBJECT = {"subject_kind": "organisation", "subject_name": "儋州某建设工程有限公司"}


@pytest.fixture
def filed(db, django_capture_on_commit_callbacks):
    """A wage-arrears report filed with answers; returns (case, receipt)."""
    area = Area.objects.get(code="wage_arrears")
    with django_capture_on_commit_callbacks(execute=True):
        submission = report_submit(
            report_draft(
                source=Report.Source.WEB,
                description="老板拖欠我们三个月工资，一直不给。",
                area=area,
                answers=answers_for(area),
                location="那大镇中兴街12号工地",
                **SUBJECT,
            )
        )
    return Case.objects.get(report=submission.report), submission.receipt


@pytest.fixture
def track(client):
    def _open(receipt: str) -> str:
        assert client.post("/track/", {"receipt": receipt}).status_code == 302
        page = client.get("/track/")
        assert page.status_code == 200
        return page.content.decode()

    return _open


def _facts(html: str) -> dict[str, str]:
    block = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", block, re.S)
    return {label.strip(): re.sub(r"<[^>]+>", "", value).strip() for label, value in pairs}


def _shown(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def test_received_is_a_status_and_the_date_has_its_own_label(filed, track):
    case, receipt = filed
    facts = _facts(track(receipt))
    assert facts["办理状态"] == "已受理"
    assert "提交时间" in facts and list(facts).count("已受理") == 0


def test_after_the_reply_no_time_to_rate_is_announced_while_the_city_adopted_none(filed, track, drive):
    """The rules set no period for rating: the platform's draft of five working days is neither
    shown nor applied; the page asks for the rating and promises no date."""
    case, receipt = filed
    drive.to_reply(case)
    decided = _facts(track(receipt))
    assert decided["办理状态"] == "已作出处理决定"
    drive.reply(case)
    case.refresh_from_db()
    assert case.due_at is None
    html = track(receipt)
    facts = _facts(html)
    assert facts["办理状态"] == "已答复，请评价" and "预计办结时间" not in facts
    assert "承办单位已作出答复，请您对办理情况进行评价。" in html
    assert "工作日内未作评价" not in html


def test_after_the_reply_the_adopted_time_to_rate_is_announced_and_expected(filed, track, drive):
    policy_set("rating-period", value={"working_days": 3})
    case, receipt = filed
    drive.to_reply(case)
    drive.reply(case)
    case.refresh_from_db()
    html = track(receipt)
    facts = _facts(html)
    assert facts["办理状态"] == "已答复，请评价"
    assert facts["预计办结时间"] == _shown(case.due_at)
    assert "如您在3个工作日内未作评价，案件将办结。" in html


def test_a_rectification_case_expects_closure_after_the_rectification_deadline(filed, track, drive):
    case, receipt = filed
    drive.to_investigation(case)
    drive.to_decision(case)
    due = timezone.localdate() + datetime.timedelta(days=40)
    drive.decide(
        case, OutcomeSpec(kind="rectification", rectification_due=due, summary="限期支付工资。", **SUBJECT)
    )
    expected = Report.objects.get(pk=case.report_id).expected_at
    assert timezone.localtime(expected).date() > due
    assert _facts(track(receipt))["预计办结时间"] == _shown(expected)


def test_a_closed_report_has_no_expected_date_and_takes_no_more_information(
    filed, track, drive, reporter, client
):
    case, receipt = filed
    drive.to_reply(case)
    drive.reply(case)
    reporter.rate(case, 5)
    assert Case.objects.get(pk=case.pk).state == Case.State.CLOSED
    html = track(receipt)
    facts = _facts(html)
    assert facts["办理状态"] == "已办结" and "预计办结时间" not in facts
    assert 'action="/track/add/"' not in html
    assert "您的举报已办结，不能再补充内容。" in html
    before = ReportMessage.objects.count()
    refused = client.post("/track/add/", {"text": "还有一件事想补充。"})
    assert refused.status_code == 400
    assert "您的举报已办结，不能再补充内容。" in refused.content.decode()
    assert ReportMessage.objects.count() == before


def test_the_reporter_can_reread_what_they_sent(filed, track, client):
    case, receipt = filed
    html = track(receipt)
    client.post("/track/add/", {"text": "补充：共有二十三名工人被拖欠。"})
    html = client.get("/track/").content.decode()
    sent = html[html.index('id="what-you-sent"') :]
    assert "老板拖欠我们三个月工资，一直不给。" in sent
    assert "那大镇中兴街12号工地" in sent and "儋州某建设工程有限公司" in sent
    area = Area.objects.get(code="wage_arrears")
    for question in area.questions.filter(required=True):
        assert question.text in sent
    assert re.search(r"<dt>证据材料</dt><dd>无</dd>", sent)
    assert "补充：共有二十三名工人被拖欠。" in html  # what they added later, under the updates


def test_the_tracking_page_speaks_english_too(filed, client, drive):
    case, receipt = filed
    drive.to_reply(case)
    drive.reply(case)
    client.post("/track/", {"receipt": receipt})
    html = client.get("/track/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _facts(html)["Status"] == "Replied, waiting for your rating"
    assert "What you sent" in html and "Filed on" in html


def _ask(case, act, triage_user):
    from workflow import services

    act(case, "triage", triage_user, services.case_triage, action="ask", text="请提供工地的具体地址。")


def test_a_question_announces_no_time_to_answer_while_the_city_adopted_none(
    filed, track, act, triage_user, client, django_capture_on_commit_callbacks, flow
):
    """The platform's draft of five working days is neither shown nor applied: the page asks
    the question and names no date; the reporter answers through the page."""
    case, receipt = filed
    _ask(case, act, triage_user)
    html = track(receipt)
    box = html[html.index('class="question-box"') : html.index('<dl class="facts">')]
    assert "请提供工地的具体地址。" in box
    assert "工作日" not in box and "办结" not in box and "answer-due" not in box
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post("/track/add/", {"text": "那大镇中兴街12号工地。"})
    assert answered.status_code in (200, 302)
    assert flow.open_nodes(case) == ["triage"]
    assert (
        "请提供工地的具体地址。" not in client.get("/track/").content.decode().split('<dl class="facts">')[0]
    )


def test_a_question_announces_the_adopted_time_to_answer_with_its_date(filed, track, act, triage_user):
    policy_set("answer-period", value={"working_days": 3})
    case, receipt = filed
    _ask(case, act, triage_user)
    case.refresh_from_db()
    html = track(receipt)
    box = html[html.index('class="question-box"') : html.index('<dl class="facts">')]
    assert f"答复时限为3个工作日，截至{_shown(case.due_at)}；逾期未答复的，您的举报将办结。" in box
    assert "预计办结时间" not in _facts(html)  # the date to answer by is not the closing date


def test_a_waiting_question_gets_the_period_adopted_later_counted_from_the_adoption(
    filed, track, act, triage_user, client
):
    case, receipt = filed
    _ask(case, act, triage_user)
    assert "answer-due" not in track(receipt)
    later = timezone.now() + datetime.timedelta(days=30)
    with time_machine.travel(later):
        policy_set("answer-period", value={"working_days": 1})
        case.refresh_from_db()
        assert case.due_at.date() > later.date()
        html = track(receipt)
    assert f"答复时限为1个工作日，截至{_shown(case.due_at)}" in html
    english = client.get("/track/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"You have 1 working day to answer, until {_shown_en(case.due_at)}." in english


def _shown_en(moment: datetime.datetime) -> str:
    with translation.override("en"):
        return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")
