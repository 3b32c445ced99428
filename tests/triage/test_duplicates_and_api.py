"""Possible duplicates of a report, repeat alerts, and the public suggestion API."""

import pytest
from django.test import override_settings

from intake.models import Report
from intake.services import report_submit
from intake.triage import selectors
from intake.triage.models import RepeatAlert, TriagePolicy
from intake.triage.signals import repeat_alert_raised
from tests.support.drafts import report_draft

SUGGEST = "/api/v1/areas/suggest/"


@pytest.fixture
def file(db, django_capture_on_commit_callbacks):
    def _file(description: str, **fields) -> Report:
        with django_capture_on_commit_callbacks(execute=True):
            return report_submit(
                report_draft(source=Report.Source.WEB, description=description, area=None, **fields)
            ).report

    return _file


def _reasons(report: Report) -> dict[int, str]:
    return {found.report.pk: found.reason for found in selectors.report_duplicates(report)}


def test_same_phone_number_is_a_possible_duplicate(triage_model, file):
    first = file("有人用13907651234冒充客服骗我转账两万元")
    unrelated = file("化工厂晚上偷偷往河里排放污水，鱼都死了")
    again = file("昨天又接到诈骗电话，号码是139 0765 1234，说要退款")
    assert _reasons(again) == {first.pk: "phone"}
    assert unrelated.pk not in _reasons(again)


def test_same_credit_code_in_the_subject_field_and_text_is_a_possible_duplicate(triage_model, file):
    first = file(
        "这家公司拖欠我们三十个工人的工资",
        subject_kind=Report.SubjectKind.ORGANISATION,
        subject_credit_code="91460400MA5T8K2X3T",
    )
    again = file("举报信用代码91460400MA5T8K2X3T的公司欠薪半年不发")
    assert _reasons(again) == {first.pk: "credit_code"}


def test_rewritten_text_is_a_possible_duplicate_and_an_unrelated_report_is_not(triage_model, file):
    first = file("那大镇椰林化工厂每天晚上偷偷往松涛河里排放黑色污水，河里的鱼都死光了")
    unrelated = file("工地包工头拖欠我们农民工三个月的工资一直不发")
    again = file("松涛河又变黑了，椰林化工厂晚上排污水，死鱼漂了一片")
    found = selectors.report_duplicates(again)
    assert [(d.report.pk, d.reason) for d in found] == [(first.pk, "text")]
    assert selectors.report_duplicates(unrelated) == []


def test_reporter_phone_is_never_a_mark(triage_model, file):
    me = {
        "anonymous": False,
        "reporter_name": "王五",
        "reporter_phone": "13800009999",
        "reporter_id_number": "11010519491231002X",
    }
    file("工地老板拖欠工资的事请联系我13800009999", **me)
    report = file("化工厂排放污水的事，联系我13800009999", **me)
    assert not report.marks.filter(kind="phone").exists()
    assert _reasons(report) == {}


def test_a_number_reported_more_than_n_times_in_m_days_raises_one_alert(triage_model, file):
    TriagePolicy.objects.create(alert_count=2, alert_days=30)
    heard = []
    repeat_alert_raised.connect(
        lambda sender, alert_id, **kw: heard.append(alert_id), weak=False, dispatch_uid="t"
    )
    try:
        for n in range(2):
            file(f"骗子号码17712345678又打电话来了，第{n + 1}次，说我涉嫌洗钱要转账")
        assert not RepeatAlert.objects.exists()
        file("17712345678这个号码冒充公安诈骗，已经好几个人被骗")
        file("17712345678还在打诈骗电话，请尽快封号")
    finally:
        repeat_alert_raised.disconnect(dispatch_uid="t")
    alert = RepeatAlert.objects.get()
    assert (alert.kind, alert.value, alert.report_count, alert.days) == ("phone", "17712345678", 3, 30)
    assert alert.area.code == "telecom_fraud"  # the suggested area: the reporters left it blank
    assert heard == [alert.pk]


def test_suggest_api_answers_three_areas_and_out_of_scope(triage_model, client):
    response = client.post(SUGGEST, {"text": "老板拖欠我们三个月工资不发"}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"suggestions", "out_of_scope"}
    assert [s["area"] for s in body["suggestions"]][0] == "wage_arrears"
    assert len(body["suggestions"]) == 3
    scores = [s["score"] for s in body["suggestions"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert 0 <= body["out_of_scope"] <= 1

    noise = client.post(SUGGEST, {"text": "楼上邻居晚上太吵"}, content_type="application/json").json()
    assert noise["out_of_scope"] > 0.5


@pytest.mark.parametrize(
    "payload, field",
    [({}, "text"), ({"text": "   "}, "text"), ({"text": "字" * 5001}, "text"), ({"text": ["a"]}, "text")],
)
def test_suggest_api_refuses_bad_input_with_a_clear_400(triage_model, client, payload, field):
    response = client.post(SUGGEST, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"][field][0]


def test_suggest_api_refuses_a_body_that_is_not_an_object(triage_model, client):
    response = client.post(SUGGEST, "[1, 2]", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "JSON object" in response.json()["errors"]["non_field_errors"][0]
    broken = client.post(SUGGEST, "{not json", content_type="application/json")
    assert broken.status_code == 400


def test_suggest_api_without_a_model_says_so(db, client):
    response = client.post(SUGGEST, {"text": "老板拖欠工资"}, content_type="application/json")
    assert response.status_code == 503
    assert response.json()["errors"]["non_field_errors"]


@override_settings(INTAKE_SUBMIT_RATE="2/h")
def test_suggest_api_is_rate_limited_like_filing(triage_model, client):
    for _ in range(2):
        assert client.post(SUGGEST, {"text": "拖欠工资"}, content_type="application/json").status_code == 200
    limited = client.post(SUGGEST, {"text": "拖欠工资"}, content_type="application/json")
    assert limited.status_code == 429
    assert limited["Retry-After"]


def test_same_subject_in_the_same_town_is_a_possible_duplicate_but_not_in_another_town(triage_model, file):
    subject = {"subject_kind": Report.SubjectKind.PERSON, "subject_name": "符大海"}
    first = file("包工头拖欠我们三个月工资不发", location="那大镇人民中路", **subject)
    elsewhere = file("化工厂晚上偷偷排放污水到河里", location="和庆镇", **subject)
    again = file("他又一次欠了工人的钱，一直躲着不见人", location="那大镇军屯路", **subject)
    assert _reasons(again) == {first.pk: "subject"}
    assert elsewhere.pk not in _reasons(again)


def test_anonymised_subject_names_are_not_marks(triage_model, file):
    subject = {"subject_kind": Report.SubjectKind.ORGANISATION, "subject_name": "儋州某建设工程有限公司"}
    file("包工头拖欠我们三个月工资不发", location="那大镇", **subject)
    other = file("化工厂晚上偷偷排放污水到河里", location="那大镇", **subject)
    assert not other.marks.filter(kind="subject").exists()
    assert "subject" not in _reasons(other).values()


def test_reworded_report_without_a_shared_number_is_a_possible_duplicate_and_another_in_its_area_is_not(
    triage_model, file
):
    first = file("村后面那家木材加工厂每天夜里排放刺鼻的废气，周边村民多次找企业反映都没有用")
    same_area = file("养猪场的粪水直接排进水库，臭得不行")
    again = file("木材加工厂晚上又在排废气，味道刺鼻，反映过了还是没整改")
    assert {r.suggestion.suggestions[0]["area"] for r in (first, same_area, again)} == {"environment"}
    assert _reasons(again) == {first.pk: "text"}
    assert _reasons(same_area) == {}


def test_the_same_story_in_another_town_is_not_a_duplicate_and_a_short_town_name_is_its_town(
    triage_model, file
):
    nanfeng = file("南丰镇那家砖厂烟囱天天冒黑烟，菜叶子上全是黑灰")
    guangcun = file("光村镇那家砖厂烟囱天天冒黑烟，菜叶子上全是黑灰")
    again = file("南丰那个砖厂又冒黑烟了，说了几次都没人管")
    assert _reasons(again) == {nanfeng.pk: "text"}
    assert _reasons(guangcun) == {}
