import datetime
import io
import json
from unittest import mock

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from intake.models import Area, AreaBureau, Attachment, Bureau, Question, Report, ReportMessage
from intake.services import report_status_set

pytestmark = pytest.mark.django_db

REPORTS, TRACK, MESSAGES, AREAS = (
    "/api/v1/reports/",
    "/api/v1/track/",
    "/api/v1/track/messages/",
    "/api/v1/areas/",
)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
DESCRIPTION = "工地老板拖欠我们三个月工资,一直不给。"


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **{**EN, **headers})


def image(colour=(200, 30, 30), fmt="JPEG", name="photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), colour).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def file_report(client, **data):
    response = post_json(client, REPORTS, {"description": DESCRIPTION, **data})
    assert response.status_code == 201, response.content
    return response.json()


# -- areas -----------------------------------------------------------------------------------


def test_area_list_is_public_and_speaks_the_request_language(client, question_area):
    response = client.get(AREAS, **EN)
    assert response.status_code == 200
    area = next(a for a in response.json() if a["code"] == "test_questions")
    assert area["number"] == 900
    assert (area["name"], area["name_en"], area["summary"]) == ("测试领域", "Test area", "For tests")
    assert area["lead_bureau"] == {"code": "test_lead", "name": "Test lead bureau"}
    assert [q["code"] for q in area["questions"]] == ["amount", "paid_on", "channel", "note"]
    amount, _, channel, _ = area["questions"]
    assert amount == {
        "code": "amount",
        "text": "Amount owed",
        "datatype": "number",
        "required": True,
        "choices": [],
    }
    assert channel["choices"] == [{"key": "bank", "name": "Bank"}, {"key": "cash", "name": "Cash"}]

    chinese = next(a for a in client.get(AREAS, **ZH).json() if a["code"] == "test_questions")
    assert chinese["summary"] == "测试用" and chinese["questions"][0]["text"] == "金额"
    assert chinese["lead_bureau"]["name"] == "测试牵头局"


def test_area_list_leaves_out_inactive_areas(client, question_area):
    question_area.is_active = False
    question_area.save()
    assert "test_questions" not in [a["code"] for a in client.get(AREAS).json()]


def make_areas(first: int, count: int) -> None:
    bureau = Bureau.objects.create(code=f"budget_{first}", name="局")
    for number in range(first, first + count):
        area = Area.objects.create(code=f"budget_{number}", number=number, name=f"领域{number}")
        AreaBureau.objects.create(area=area, bureau=bureau, role=AreaBureau.Role.LEAD)
        for position in range(3):
            Question.objects.create(
                area=area, code=f"q{position}", text="问", datatype="text", position=position
            )


def test_area_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    make_areas(700, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(AREAS)
    few = len(few)  # read now: later requests reset the connection's query log
    make_areas(710, 18)
    with django_assert_max_num_queries(few):
        response = client.get(AREAS)
    assert few <= 4
    assert len([a for a in response.json() if a["code"].startswith("budget_")]) == 20


# -- filing ------------------------------------------------------------------------------------


def test_anonymous_report_filed_as_json(client):
    body = file_report(client, area="", subject_contacts="17012345678, 17087654321\nwx_fraud")
    assert body["status"] == {"code": "received", "label": "Received"}
    assert body["reference"].startswith("DZ-") and len(body["receipt"]) == 24
    assert "will not be shown again" in body["message"]
    report = Report.objects.get(reference=body["reference"])
    assert report.source == Report.Source.WEB and report.anonymous and report.area is None
    assert report.reporter_ip == "" and report.language == "en"
    assert report.subject_contacts == ["17012345678", "17087654321", "wx_fraud"]


def test_real_name_report_with_two_images_filed_as_multipart(client, question_area):
    response = client.post(
        REPORTS,
        {
            "area": "test_questions",
            "description": DESCRIPTION,
            "occurred_on": "2024-05-01",
            "location": "那大镇",
            "anonymous": "false",
            "reporter_name": "陈小明",
            "reporter_phone": "138 1234 5678",
            "reporter_id_number": "11010519491231002X",
            "answers": json.dumps({"amount": "8000"}),
            "answers[channel]": "cash",
            "subject_kind": "organisation",
            "subject_name": "某建筑公司",
            "subject_credit_code": "91350100M000100Y43",
            "subject_contacts": ["17012345678", "17087654321"],
            "attachments": [image(), image((30, 30, 200), "PNG", "b.png")],
        },
        REMOTE_ADDR="203.0.113.9",
        **ZH,
    )
    assert response.status_code == 201, response.content
    assert response["Content-Language"] == "zh-hans"
    report = Report.objects.get(reference=response.json()["reference"])
    assert not report.anonymous and report.reporter_name == "陈小明"
    assert report.reporter_phone == "13812345678" and report.reporter_ip == "203.0.113.9"
    assert report.answers == {"amount": "8000", "channel": "cash"}
    assert report.subject_contacts == ["17012345678", "17087654321"]
    assert report.language == "zh-hans" and report.area == question_area
    assert sorted(report.attachments.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]


REAL_NAME = {
    "anonymous": False,
    "reporter_name": "陈小明",
    "reporter_phone": "13812345678",
    "reporter_id_number": "11010519491231002X",
}


@pytest.mark.parametrize(("warm", "budget"), [("", 7), ("test_questions", 6)])
def test_a_report_on_an_area_reads_the_area_once_with_its_questions(
    client, question_area, django_assert_max_num_queries, django_capture_on_commit_callbacks, warm, budget
):
    file_report(client, area=warm, answers={"amount": "1"} if warm else {})  # the counter row exists
    with (
        mock.patch("intake.tasks.report_received_send.delay"),
        django_capture_on_commit_callbacks(execute=True),
        # the area with its questions (one query, none once this process has read it), then
        # the transaction (a savepoint here): the counter, the report, its "received" message
        # and the acknowledgement's outbox row. The area is not read again to check the
        # report's foreign key.
        django_assert_max_num_queries(budget),
    ):
        body = file_report(client, area="test_questions", answers={"amount": "8000"}, **REAL_NAME)
    report = Report.objects.get(reference=body["reference"])
    assert report.area == question_area and report.answers == {"amount": "8000"}


def test_an_area_saved_in_this_process_is_read_again_at_once(client, question_area):
    file_report(client, area="test_questions", answers={"amount": "1"})
    question_area.is_active = False
    question_area.save()
    response = post_json(client, REPORTS, {"description": DESCRIPTION, "area": "test_questions"})
    assert response.status_code == 400
    assert response.json()["errors"]["area"] == ["This area no longer takes reports."]
    Question.objects.filter(area=question_area, code="amount").update(required=False)  # no signal
    question_area.is_active = True
    question_area.save()
    assert (
        post_json(client, REPORTS, {"description": DESCRIPTION, "area": "test_questions"}).status_code == 201
    )


def test_a_question_saved_in_this_process_is_read_again_at_once(client, question_area):
    file_report(client, area="test_questions", answers={"amount": "1"})
    unanswered = {"description": DESCRIPTION, "area": "test_questions"}
    assert post_json(client, REPORTS, unanswered).status_code == 400  # "amount" is required
    question = Question.objects.get(area=question_area, code="amount")
    question.required = False
    question.save()
    assert post_json(client, REPORTS, unanswered).status_code == 201


def test_an_area_changed_by_another_process_is_read_again_within_the_time_kept(
    client, question_area, monkeypatch
):
    from intake import selectors

    file_report(client, area="test_questions", answers={"amount": "1"})
    Area.objects.filter(pk=question_area.pk).update(is_active=False)  # as another process would
    refused = {"description": DESCRIPTION, "area": "test_questions", "answers": {"amount": "2"}}
    assert post_json(client, REPORTS, refused).status_code == 201  # still the area read before
    later = selectors.time.monotonic() + selectors.AREA_READ_SECONDS + 1
    monkeypatch.setattr(selectors.time, "monotonic", lambda: later)
    response = post_json(client, REPORTS, refused)
    assert response.status_code == 400 and "area" in response.json()["errors"]


def test_a_report_on_an_area_without_questions_is_filed(client):
    Area.objects.create(code="no_questions", number=901, name="无问题领域", name_en="No questions")
    body = file_report(client, area="no_questions")
    assert Report.objects.get(reference=body["reference"]).area.code == "no_questions"
    response = post_json(
        client, REPORTS, {"description": DESCRIPTION, "area": "no_questions", "answers": {"x": "1"}}
    )
    assert response.status_code == 400 and "answers" in response.json()["errors"]


def test_anonymous_report_stores_no_ip_through_the_api(client):
    body = file_report(client, anonymous=True)
    assert Report.objects.get(reference=body["reference"]).reporter_ip == ""


def test_bad_input_answers_400_in_english_and_stores_nothing(client, question_area):
    response = post_json(
        client,
        REPORTS,
        {"area": "test_questions", "description": "短", "answers": {"amount": "lots", "channel": "gold"}},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"description", "answers.amount", "answers.channel"}
    assert errors["description"] == ["Please describe what happened in at least 10 characters."]
    assert errors["answers.amount"] == ["Amount owed: enter a number of zero or more."]
    assert not Report.objects.exists() and not ReportMessage.objects.exists()


def test_bad_input_answers_400_in_chinese_with_the_same_shape(client):
    response = client.post(
        REPORTS,
        json.dumps({"description": "短", "anonymous": "maybe"}),
        content_type="application/json",
        **ZH,
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "zh-hans"
    errors = response.json()["errors"]
    assert list(errors) == ["anonymous"]
    assert all(isinstance(m, str) and m for m in errors["anonymous"])


@pytest.mark.parametrize(
    "data, field",
    [
        ({"anonymous": "maybe"}, "anonymous"),
        ({"occurred_on": "yesterday"}, "occurred_on"),
        ({"answers": ["not", "a", "dict"]}, "answers"),
        ({"answers": "{not json"}, "answers"),
        ({"subject_contacts": {"a": 1}}, "subject_contacts"),
        ({"subject_kind": "alien"}, "subject_kind"),
        ({"description": ["a", "list"]}, "description"),
        ({"latitude": "north"}, "latitude"),
        ({"reporter_email": "not-an-address"}, "reporter_email"),
        ({"attachments": ["not a file"]}, "attachments"),
    ],
)
def test_wrong_types_are_refused_with_a_field_message(client, data, field):
    response = post_json(client, REPORTS, {"description": DESCRIPTION, **data})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field] and errors[field][0]
    assert not Report.objects.exists()


def test_nested_answer_value_is_refused_under_its_code(client, question_area):
    response = post_json(
        client, REPORTS, {"description": DESCRIPTION, "area": "test_questions", "answers": {"amount": [1, 2]}}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"answers.amount": ["Give one value as the answer."]}


def test_unknown_area_code_is_refused_on_area(client):
    response = post_json(client, REPORTS, {"description": DESCRIPTION, "area": "moon_landing"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "area": ["There is no area with the code moon_landing. Leave it blank if you are not sure."]
    }
    assert not Report.objects.exists()


def test_malformed_json_is_a_400_in_the_errors_shape(client):
    response = client.post(REPORTS, "{not json", content_type="application/json", **EN)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]


def test_idempotency_key_repeat_answers_409_and_stores_one(client):
    first = post_json(client, REPORTS, {"description": DESCRIPTION}, HTTP_IDEMPOTENCY_KEY="form-7f3a")
    again = post_json(client, REPORTS, {"description": DESCRIPTION}, HTTP_IDEMPOTENCY_KEY="form-7f3a")
    assert first.status_code == 201
    assert again.status_code == 409
    body = again.json()
    reference = first.json()["reference"]
    assert body["reference"] == reference
    assert "receipt" not in body
    message = body["errors"]["non_field_errors"][0]
    assert reference in message and "first request" in message
    assert Report.objects.count() == 1
    assert Report.objects.get().external_id == "form-7f3a"


def test_overlong_idempotency_key_is_refused(client):
    response = post_json(client, REPORTS, {"description": DESCRIPTION}, HTTP_IDEMPOTENCY_KEY="k" * 201)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert not Report.objects.exists()


def test_public_api_needs_no_csrf_token(question_area):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        REPORTS, json.dumps({"description": DESCRIPTION}), content_type="application/json"
    )
    assert response.status_code == 201


# -- following a report with its receipt -------------------------------------------------------


def test_track_with_the_receipt_shows_status_and_updates(client):
    body = file_report(client)
    response = post_json(client, TRACK, {"receipt": body["receipt"]})
    assert response.status_code == 200
    data = response.json()
    assert data["reference"] == body["reference"]
    assert data["status"] == {"code": "received", "label": "Received"}
    assert data["area"] is None and data["attachments"] == 0
    assert data["handling_bureau"] is None and data["expected_at"] is None
    assert [m["kind"] for m in data["messages"]] == ["public_update"]
    assert data["messages"][0]["text"].startswith("Your report was received")
    assert set(data["messages"][0]) == {"kind", "kind_label", "text", "created_at", "attachments"}


def test_receipt_is_read_as_a_person_types_it(client):
    receipt = file_report(client)["receipt"]
    response = post_json(client, TRACK, {"receipt": f"  {receipt.lower().replace('-', ' ')} "})
    assert response.status_code == 200


def test_added_information_shows_up_in_track(client):
    body = file_report(client)
    response = client.post(
        MESSAGES,
        {"receipt": body["receipt"], "text": "对方又换了一个号码:17000000000", "attachments": [image()]},
        **EN,
    )
    assert response.status_code == 201, response.content
    assert response.json()["message"]["kind"] == "reporter_info"
    assert response.json()["message"]["attachments"] == 1
    data = post_json(client, TRACK, {"receipt": body["receipt"]}).json()
    assert [m["kind"] for m in data["messages"]] == ["public_update", "reporter_info"]
    assert data["messages"][1]["text"] == "对方又换了一个号码:17000000000"
    assert data["attachments"] == 1


def test_added_information_as_json(client):
    receipt = file_report(client)["receipt"]
    response = post_json(client, MESSAGES, {"receipt": receipt, "text": "补充信息"})
    assert response.status_code == 201


def test_empty_added_information_is_refused(client):
    receipt = file_report(client)["receipt"]
    response = post_json(client, MESSAGES, {"receipt": receipt, "text": "  "})
    assert response.status_code == 400
    assert response.json()["errors"] == {"text": ["Please write what you want to add."]}
    assert not ReportMessage.objects.filter(kind=ReportMessage.Kind.REPORTER_INFO).exists()


def test_merged_report_shows_the_main_case_status(client):
    main, merged = file_report(client), file_report(client)
    main_report = Report.objects.get(reference=main["reference"])
    Report.objects.filter(reference=merged["reference"]).update(merged_into=main_report)
    Report.objects.filter(pk=main_report.pk).update(status=Report.Status.HANDLING)
    post_json(client, MESSAGES, {"receipt": main["receipt"], "text": "我是张三,电话13812345678"})
    data = post_json(client, TRACK, {"receipt": merged["receipt"]}).json()
    assert data["reference"] == merged["reference"]
    assert data["status"]["code"] == "handling"
    # The other reporter's own words never reach this receipt holder.
    assert "张三" not in json.dumps(data, ensure_ascii=False)
    assert {m["kind"] for m in data["messages"]} == {"public_update"}


def test_public_note_handling_bureau_and_expected_date_appear_in_track(client, question_area):
    body = file_report(client)
    report = Report.objects.get(reference=body["reference"])
    expected = timezone.now() + datetime.timedelta(days=20)
    report_status_set(
        report=report,
        status=Report.Status.HANDLING,
        public_note="已转交市人社局。",
        bureau=Bureau.objects.get(code="test_lead"),
        expected_at=expected,
    )
    data = post_json(client, TRACK, {"receipt": body["receipt"]}).json()
    assert data["status"]["code"] == "handling"
    assert data["handling_bureau"] == {"code": "test_lead", "name": "Test lead bureau"}
    assert datetime.datetime.fromisoformat(data["expected_at"]) == expected
    assert data["messages"][-1] == {
        **data["messages"][-1],
        "kind": "public_update",
        "text": "已转交市人社局。",
    }


@pytest.mark.parametrize("url", [TRACK, MESSAGES])
def test_unknown_and_malformed_receipts_get_the_same_404(client, url):
    file_report(client)
    bodies = set()
    for receipt in ["ABCD-EFGH-JKMN-PQRS-TVWX", "not a receipt", "", "A" * 500]:
        response = post_json(client, url, {"receipt": receipt, "text": "补充"})
        assert response.status_code == 404
        bodies.add(response.content)
    missing = post_json(client, url, {"text": "补充"})
    assert missing.status_code == 404
    bodies.add(missing.content)
    assert len(bodies) == 1
    assert json.loads(bodies.pop()) == {
        "errors": {"receipt": ["No report matches this receipt. Check the code and try again."]}
    }


@pytest.mark.parametrize("url", [REPORTS, TRACK, MESSAGES])
def test_receipt_endpoints_take_post_only(client, url):
    receipt = file_report(client)["receipt"]
    response = client.get(url, {"receipt": receipt}, **EN)
    assert response.status_code == 405
    assert receipt not in response.content.decode()


def test_track_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    receipt = file_report(client)["receipt"]
    post_json(client, MESSAGES, {"receipt": receipt, "text": "第一条补充"})
    with CaptureQueriesContext(connection) as few:
        post_json(client, TRACK, {"receipt": receipt})
    few = len(few)  # read now: later requests reset the connection's query log
    for n in range(5):
        client.post(MESSAGES, {"receipt": receipt, "text": f"补充 {n}", "attachments": [image()]})
    with django_assert_max_num_queries(few):
        data = post_json(client, TRACK, {"receipt": receipt}).json()
    assert few <= 3
    assert len(data["messages"]) == 7 and data["attachments"] == 5


# -- rate limits -----------------------------------------------------------------------------


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_filing_is_rate_limited_per_address(client, settings):
    settings.INTAKE_SUBMIT_RATE = "2/h"
    for _ in range(2):
        file_report(client)
    response = post_json(client, REPORTS, {"description": DESCRIPTION})
    assert response.status_code == 429
    assert response.json() == {
        "errors": {
            "non_field_errors": ["Too many requests from your address. Please wait a while and try again."]
        }
    }
    assert int(response["Retry-After"]) > 0
    assert Report.objects.count() == 2
    other = post_json(client, REPORTS, {"description": DESCRIPTION}, REMOTE_ADDR="198.51.100.20")
    assert other.status_code == 201


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_receipt_lookups_are_rate_limited_across_both_endpoints(client, settings):
    settings.INTAKE_TRACK_RATE = "3/h"
    receipt = file_report(client)["receipt"]
    assert post_json(client, TRACK, {"receipt": receipt}).status_code == 200
    assert post_json(client, TRACK, {"receipt": "wrong"}).status_code == 404
    assert post_json(client, MESSAGES, {"receipt": receipt, "text": "补充"}).status_code == 201
    for url in (TRACK, MESSAGES):
        response = post_json(client, url, {"receipt": receipt, "text": "补充"})
        assert response.status_code == 429
        assert "Too many requests" in response.json()["errors"]["non_field_errors"][0]
    assert ReportMessage.objects.filter(kind=ReportMessage.Kind.REPORTER_INFO).count() == 1


def test_rate_limit_message_comes_in_chinese_shape_too(client, settings):
    settings.INTAKE_TRACK_RATE = "0/h"
    response = client.post(TRACK, json.dumps({"receipt": "x"}), content_type="application/json", **ZH)
    assert response.status_code == 429
    assert response["Content-Language"] == "zh-hans"
    assert list(response.json()["errors"]) == ["non_field_errors"]


# -- schema and docs -------------------------------------------------------------------------


def test_openapi_schema_describes_the_public_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    assert {"/api/v1/areas/", "/api/v1/reports/", "/api/v1/track/", "/api/v1/track/messages/"} <= set(paths)
    assert "multipart/form-data" in paths["/api/v1/reports/"]["post"]["requestBody"]["content"]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_load_their_assets_locally(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar" in html
    assert "cdn.jsdelivr" not in html and "unpkg" not in html


def test_attachment_files_never_get_a_public_url(client):
    response = client.post(REPORTS, {"description": DESCRIPTION, "attachments": [image()]}, **EN)
    assert response.status_code == 201
    name = Attachment.objects.get().file.name
    assert name not in response.content.decode()
    assert client.get(f"/media/{name}").status_code == 404


@pytest.mark.django_db
def test_the_whole_api_schema_generates_without_errors():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS._error_cache.clear()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/track/rating/" in schema["paths"] and "/api/v1/credit/" in schema["paths"]
    assert dict(GENERATOR_STATS._error_cache) == {}
