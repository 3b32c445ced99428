"""A subject or number reported more than the policy's count: the area's lead bureau and the
supervisors hear of it once, in their language, without anything about the reporters."""

import pytest

from intake.models import Area, Report
from intake.services import report_submit
from intake.triage.models import TriagePolicy
from notifications.models import Message, Notice
from tests.support.drafts import report_draft

pytestmark = pytest.mark.django_db


def test_repeated_fraud_number_alerts_the_lead_bureau_and_supervisors_once(
    triage_model, psb_officer, supervisor, hrss_officer, django_capture_on_commit_callbacks
):
    TriagePolicy.objects.create(alert_count=1, alert_days=30)
    fraud = Area.objects.get(code="telecom_fraud")
    for text in [
        "骗子用17712345678冒充公安让我转账",
        "17712345678又打电话说我涉嫌洗钱",
        "17712345678还在行骗",
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            report_submit(
                report_draft(
                    source=Report.Source.WEB,
                    area=fraud,
                    answers={"fraud_number": "17712345678"},
                    description=text + "，请尽快处理",
                    anonymous=False,
                    reporter_name="李四",
                    reporter_phone="13900001111",
                    reporter_id_number="11010519491231002X",
                )
            )

    alerts = Message.objects.filter(kind=Message.Kind.REPEAT_ALERT)
    assert sorted(alerts.values_list("user__username", flat=True).distinct()) == ["psb", "supervisor"]
    assert alerts.filter(channel=Message.Channel.INAPP).count() == 2  # one alert, not one per report
    notice = Notice.objects.get(user=psb_officer, kind=Message.Kind.REPEAT_ALERT)
    assert notice.context["value"] == "17712345678" and notice.context["count"] == 2
    assert not Notice.objects.filter(user=hrss_officer).exists()
    for message in alerts:
        assert "13900001111" not in str(message.context) and "李四" not in str(message.context)


def test_alert_text_reads_in_chinese(triage_model, supervisor, client, django_capture_on_commit_callbacks):
    TriagePolicy.objects.create(alert_count=1, alert_days=30)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            report_submit(
                report_draft(
                    source=Report.Source.WEB, description="骗子号码17712345678冒充客服骗我转账", area=None
                )
            )
    client.force_login(supervisor)
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "30 天内被举报 2 次：17712345678" in page.content.decode()
