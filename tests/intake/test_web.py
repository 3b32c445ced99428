"""Public pages: start, report form, receipt shown once, following a report by receipt."""

import io
import json
import re
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.urls import include, path
from django.utils import translation
from django_ratelimit.exceptions import Ratelimited
from PIL import Image

from intake.models import Area, Attachment, Question, Report, ReportMessage
from intake.receipts import receipt_hash
from intake.services import report_status_set, report_submit
from intake.views import DONE_SESSION_KEY, TRACK_IDLE_SECONDS, TRACK_SESSION_KEY, ratelimited
from tests.support.drafts import report_draft

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TOKEN = "tok_" + "a" * 28
VALID_ID_NUMBER = "11010519491231002X"

AREA_CODES = [
    "telecom_fraud",
    "online_rumours",
    "fraud_blacklist_controls",
    "financial",
    "environment",
    "poverty_relief",
    "illegal_medical",
    "fake_drugs",
    "wage_arrears",
    "low_price_tours",
    "tax_fake_invoices",
    "judgment_default",
    "transport",
    "insurance_fraud",
    "illegal_social_orgs",
    "charity_fraud",
    "performance_tickets",
    "illegal_lottery",
]


@pytest.fixture
def areas(db) -> list[Area]:
    """The eighteen areas (from the reference data when it is migrated, else made here)."""
    return [
        Area.objects.get_or_create(
            code=code,
            defaults={"number": number, "name": f"领域{number}", "name_en": f"Area {code}"},
        )[0]
        for number, code in enumerate(AREA_CODES, start=1)
    ]


@pytest.fixture
def quiz_area(areas) -> Area:
    """An area with one question of every type, independent of the reference data."""
    area = Area.objects.create(
        code="web_test_wages",
        number=90,
        name="测试欠薪",
        name_en="Test wages",
        summary_en="Unpaid test wages.",
    )
    Question.objects.create(
        area=area,
        code="employer",
        text="欠薪单位",
        text_en="Employer",
        datatype="text",
        required=True,
        position=1,
    )
    Question.objects.create(
        area=area,
        code="amount",
        text="金额",
        text_en="Amount owed",
        datatype="number",
        required=True,
        position=2,
    )
    Question.objects.create(
        area=area, code="since", text="开始日期", text_en="Unpaid since", datatype="date", position=3
    )
    Question.objects.create(
        area=area,
        code="contract",
        text="合同",
        text_en="Written contract",
        datatype="choice",
        position=4,
        choices=[
            {"key": "yes", "name": "有", "name_en": "Yes"},
            {"key": "no", "name": "没有", "name_en": "No"},
        ],
    )
    return area


@pytest.fixture
def other_quiz_area(areas) -> Area:
    area = Area.objects.create(code="web_test_other", number=91, name="其他测试", name_en="Other test")
    Question.objects.create(
        area=area, code="shop", text="店名", text_en="Shop name", datatype="text", position=1
    )
    return area


def jpeg(name="photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def report_data(area: Area | None = None, **overrides) -> dict:
    data = {
        "token": TOKEN,
        "area": area.code if area else "",
        "description": "The employer has not paid our wages for three months.",
        "occurred_on": "2024-05-01",
        "location": "Nada town building site",
        "subject_kind": "organisation",
        "subject_name": "Example Construction Ltd",
        "subject_credit_code": "",
        "subject_contacts": "13800138000\nwechat: boss123\n",
        "anonymous": "anonymous",
    }
    if area is not None and area.code == "web_test_wages":
        data.update({"q-web_test_wages-employer": "Example Construction", "q-web_test_wages-amount": "12000"})
    data.update(overrides)
    return data


def field_block(html: str, name: str) -> str:
    """The HTML of one field's container, up to the next field."""
    start = html.index(f'id="field-{name}"')
    following = html.find('id="field-', start + 1)
    return html[start : following if following != -1 else len(html)]


def file_report(client, data, files=(), **extra):
    return client.post("/report/", {**data, "attachments": list(files)}, **extra)


def open_report(client, receipt: str):
    return client.post("/track/", {"receipt": receipt}, **EN)


# --- start page -------------------------------------------------------------------------


def test_start_page_lists_every_area_with_a_link_to_the_form(client, areas, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/", **EN)
    html = response.content.decode()
    assert response.status_code == 200
    for area in Area.objects.filter(is_active=True):
        assert f'href="/report/?area={area.code}"' in html
        assert area.name_en in html
    assert 'href="/report/"' in html
    assert 'href="/track/"' in html


def test_start_page_leaves_out_inactive_areas(client, areas):
    Area.objects.filter(code="illegal_lottery").update(is_active=False)
    assert "area=illegal_lottery" not in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/", "/report/", "/track/", "/report/done/"])
def test_pages_render_for_phones_with_the_viewport_meta_tag(client, areas, path):
    response = client.get(path)
    assert response.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in response.content.decode()


def test_pages_speak_simplified_chinese_by_default_and_switch_to_english(client, areas):
    assert '<html lang="zh-hans">' in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/track/"})
    assert response.status_code == 302 and response["Location"] == "/track/"
    html = client.get("/track/").content.decode()
    assert '<html lang="en">' in html
    assert 'value="en" lang="en"\n            aria-current="true"' in html
    assert "Follow a report" in html


# --- report form ------------------------------------------------------------------------


def test_report_form_with_area_shows_that_areas_questions_and_hides_the_others(
    client, quiz_area, other_quiz_area, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/report/?area=web_test_wages", **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="web_test_wages" selected>' in html
    assert 'id="questions-web_test_wages">' in html
    assert 'id="questions-web_test_other" hidden disabled>' in html
    assert 'name="q-web_test_wages-amount" id="q-web_test_wages-amount" value="" min="0"' in html
    assert 'type="date" name="q-web_test_wages-since"' in html
    assert '<option value="no">No</option>' in html
    assert "required" in field_block(html, "q-web_test_wages-employer")
    assert 'name="token" value="' in html


def test_report_form_ignores_an_unknown_area_parameter(client, quiz_area):
    html = client.get("/report/?area=nope", **EN).content.decode()
    assert 'id="questions-web_test_wages" hidden disabled>' in html
    assert '<option value="" selected>' in html


def test_report_form_issues_a_fresh_token_on_each_visit(client, areas):
    first = re.search(r'name="token" value="([^"]+)"', client.get("/report/").content.decode()).group(1)
    second = re.search(r'name="token" value="([^"]+)"', client.get("/report/").content.decode()).group(1)
    assert first != second and len(first) >= 20


def test_show_questions_without_javascript_rerenders_the_form_and_files_nothing(
    client, quiz_area, other_quiz_area
):
    data = report_data(quiz_area, show_questions="1")
    response = client.post("/report/", data, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert Report.objects.count() == 0
    assert 'id="questions-web_test_wages">' in html
    assert "The employer has not paid our wages" in html
    assert f'name="token" value="{TOKEN}"' in html
    assert "error-summary" not in html


def test_anonymous_report_with_an_image_files_once_and_shows_the_receipt_once(
    client, quiz_area, other_quiz_area, django_capture_on_commit_callbacks
):
    data = report_data(quiz_area, **{"q-web_test_wages-contract": "no", "q-web_test_other-shop": "ignored"})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = file_report(client, data, [jpeg()])
    assert response.status_code == 302 and response["Location"] == "/report/done/"
    assert len(callbacks) >= 1

    report = Report.objects.get()
    assert report.source == Report.Source.WEB
    assert report.anonymous and report.reporter_name == "" and report.reporter_ip == ""
    assert report.area == quiz_area
    assert report.answers == {"employer": "Example Construction", "amount": "12000", "contract": "no"}
    assert report.subject_contacts == ["13800138000", "wechat: boss123"]
    assert report.external_id == TOKEN
    assert report.attachments.get().content_type == "image/jpeg"
    stored = client.session[DONE_SESSION_KEY]
    assert stored["reference"] == report.reference

    html = client.get("/report/done/", **EN).content.decode()
    receipt = re.search(r'<p class="receipt" lang="en" data-receipt="([0-9A-Z-]+)"', html).group(1)
    assert receipt not in stored["receipt"]  # the session only held it encrypted
    assert receipt_hash(receipt) == report.receipt_hash
    assert report.reference in html
    assert "Write this receipt down, copy it or save it now." in html

    again = client.get("/report/done/", **EN).content.decode()
    assert receipt not in again
    assert report.reference in again
    assert "already shown once" in again
    assert "receipt" not in client.session[DONE_SESSION_KEY]


def test_real_name_report_keeps_identity_and_address_encrypted(client, areas):
    data = report_data(
        None,
        anonymous="real_name",
        reporter_name="张三",
        reporter_phone="138 0013 8000",
        reporter_id_number=VALID_ID_NUMBER,
    )
    response = file_report(client, data, [jpeg()], REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    report = Report.objects.get()
    assert not report.anonymous and report.area is None
    assert (report.reporter_name, report.reporter_phone, report.reporter_id_number) == (
        "张三",
        "13800138000",
        VALID_ID_NUMBER,
    )
    assert report.reporter_ip == "10.1.2.3"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reporter_name, reporter_id_number FROM intake_report WHERE id = %s", [report.pk]
        )
        raw = cursor.fetchone()
    assert "张三" not in raw[0] and VALID_ID_NUMBER not in raw[1]
    assert report.attachments.count() == 1
    assert "Your receipt" in client.get("/report/done/", **EN).content.decode()


def test_bad_input_shows_each_message_beside_its_field_and_stores_nothing(client, quiz_area, settings):
    data = report_data(
        quiz_area,
        description="short",
        subject_credit_code="91350100M000100Y40",
        anonymous="real_name",
        reporter_name="李四",
        reporter_phone="12345",
        reporter_id_number="110105194912310023",
        **{"q-web_test_wages-employer": "", "q-web_test_wages-amount": "a lot"},
    )
    response = file_report(client, data, [jpeg()], **EN)
    html = response.content.decode()
    assert response.status_code == 400
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0
    assert (
        not any((settings.MEDIA_ROOT / "evidence").glob("*"))
        if (settings.MEDIA_ROOT / "evidence").exists()
        else True
    )

    assert "at least 10 characters" in field_block(html, "description")
    assert "check character" in field_block(html, "subject_credit_code")
    assert "11-digit mainland mobile number" in field_block(html, "reporter_phone")
    assert "check digit" in field_block(html, "reporter_id_number")
    assert "Please answer: Employer" in field_block(html, "q-web_test_wages-employer")
    assert "Amount owed: enter a number" in field_block(html, "q-web_test_wages-amount")
    summary = html[html.index('id="error-summary"') : html.index('class="report-form"')]
    for text in ("at least 10 characters", "check digit", "Please answer: Employer"):
        assert text in summary
    assert "choose them again" in summary
    # What the resident typed stays in the form, and the same token is kept.
    assert "Example Construction Ltd" in html
    assert f'name="token" value="{TOKEN}"' in html


def test_a_file_that_is_not_an_image_or_pdf_is_refused_beside_the_evidence_field(client, areas):
    upload = SimpleUploadedFile("notes.txt", b"just some text", content_type="text/plain")
    response = file_report(client, report_data(None), [upload], **EN)
    assert response.status_code == 400
    assert "not a JPEG, PNG, WebP image or PDF" in field_block(response.content.decode(), "attachments")
    assert Report.objects.count() == 0


def test_more_than_five_files_are_refused(client, areas):
    response = file_report(client, report_data(None), [jpeg(f"{i}.jpg") for i in range(6)], **EN)
    assert response.status_code == 400
    assert "At most 5 files" in field_block(response.content.decode(), "attachments")
    assert Report.objects.count() == 0


def test_anonymous_report_with_a_name_or_phone_is_refused_beside_the_choice(client, areas):
    response = file_report(
        client, report_data(None, reporter_name="王五", reporter_phone="13800138000"), **EN
    )
    block = field_block(response.content.decode(), "anonymous")
    assert response.status_code == 400
    assert "clear your name, mobile number and identity number" in block
    assert Report.objects.count() == 0


def test_a_missing_or_forged_token_is_refused_with_a_fresh_one(client, areas):
    response = file_report(client, report_data(None, token="x"), **EN)
    html = response.content.decode()
    assert response.status_code == 400
    assert "This form has expired" in html
    assert 'name="token" value="x"' not in html
    assert Report.objects.count() == 0


def test_an_unknown_area_or_subject_kind_is_refused(client, areas):
    response = file_report(client, {**report_data(None), "area": "nope", "subject_kind": "robot"}, **EN)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in field_block(html, "area")
    assert "Select a valid choice" in field_block(html, "subject_kind")
    assert Report.objects.count() == 0


def test_double_submit_with_the_same_token_files_one_report(client, quiz_area):
    first = file_report(client, report_data(quiz_area))
    second = file_report(client, report_data(quiz_area))
    assert first.status_code == second.status_code == 302
    assert second["Location"] == "/report/done/"
    assert Report.objects.count() == 1
    html = client.get("/report/done/", **EN).content.decode()
    assert "Your receipt" in html and Report.objects.get().reference in html


def test_done_page_without_a_report_in_this_browser_says_so(client, areas):
    html = client.get("/report/done/", **EN).content.decode()
    assert "There is no receipt to show in this browser" in html


def test_no_route_serves_evidence_files(client, areas):
    file_report(client, report_data(None), [jpeg()])
    attachment = Attachment.objects.get()
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert client.get(f"/{attachment.file.name}").status_code == 404


# --- following a report -----------------------------------------------------------------


@pytest.fixture
def filed(db, areas):
    """A filed web report with one photo (its thumbnail made as a worker would), and its receipt."""
    from intake.services import attachment_thumbnail_make

    submission = report_submit(
        report_draft(
            source=Report.Source.WEB,
            description="Somebody sells fake medicine at the market.",
            attachments=[jpeg()],
            language="en",
        )
    )
    for attachment in submission.report.attachments.all():
        attachment_thumbnail_make(attachment_id=attachment.pk)
    return submission


def test_track_with_the_receipt_shows_status_area_and_updates(client, filed, django_assert_max_num_queries):
    report_status_set(
        report=filed.report, status=Report.Status.HANDLING, public_note="The bureau has started."
    )
    response = open_report(client, filed.receipt.lower().replace("-", " "))
    assert response.status_code == 302 and response["Location"] == "/track/"
    with django_assert_max_num_queries(10):
        html = client.get("/track/", **EN).content.decode()
    assert filed.report.reference in html
    assert '<dd class="status">Being handled</dd>' in html
    assert "The bureau has started." in html
    assert "Your report was received." in html
    assert f"/track/attachments/{filed.report.attachments.get().pk}/thumb/" in html
    assert filed.receipt not in html


def test_a_question_to_the_reporter_is_shown_prominently_until_answered(client, filed):
    ReportMessage.objects.create(report=filed.report, kind=ReportMessage.Kind.QUESTION, text="Which market?")
    open_report(client, filed.receipt)
    html = client.get("/track/", **EN).content.decode()
    box = html[html.index('class="question-box"') :]
    assert "The bureau has a question for you" in box and "Which market?" in box
    client.post("/track/add/", {"text": "The night market on Zhongxing Street."})
    assert 'class="question-box"' not in client.get("/track/", **EN).content.decode()


@pytest.mark.parametrize("receipt", ["ABCD-EFGH-JKMN-PQRS-TVWX", "nonsense", ""])
def test_an_unknown_or_malformed_receipt_gets_the_same_message_and_nothing_else(client, filed, receipt):
    response = open_report(client, receipt)
    html = response.content.decode()
    assert response.status_code == 404
    assert "No report matches this receipt." in html
    assert filed.report.reference not in html
    assert TRACK_SESSION_KEY not in client.session


def test_adding_information_stores_text_and_files_for_the_report(
    client, filed, django_capture_on_commit_callbacks
):
    open_report(client, filed.receipt)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/track/add/", {"text": "Here is another photo.", "attachments": [jpeg()]}, **EN
        )
    assert response.status_code == 302 and response["Location"] == "/track/"
    assert len(callbacks) == 2  # the reporter_info event and the photo's thumbnail
    message = ReportMessage.objects.get(kind=ReportMessage.Kind.REPORTER_INFO)
    assert message.report == filed.report and message.attachments.count() == 1
    html = client.get("/track/", **EN).content.decode()
    assert "Your information was added" in html and "Here is another photo." in html


def test_adding_empty_information_shows_the_message_and_stores_nothing(client, filed):
    open_report(client, filed.receipt)
    response = client.post("/track/add/", {"text": "  "}, **EN)
    assert response.status_code == 400
    assert "Please write what you want to add." in field_block(response.content.decode(), "text")
    assert not ReportMessage.objects.filter(kind=ReportMessage.Kind.REPORTER_INFO).exists()


def test_adding_information_without_an_opened_report_stores_nothing(client, filed):
    response = client.post("/track/add/", {"text": "Sneaky addition."}, follow=True, **EN)
    assert "Please enter your receipt again." in response.content.decode()
    assert not ReportMessage.objects.filter(kind=ReportMessage.Kind.REPORTER_INFO).exists()


def test_an_opened_report_closes_after_idle_time(client, filed):
    open_report(client, filed.receipt)
    session = client.session
    session[TRACK_SESSION_KEY] = {
        **session[TRACK_SESSION_KEY],
        "seen_at": time.time() - TRACK_IDLE_SECONDS - 1,
    }
    session.save()
    html = client.get("/track/", **EN).content.decode()
    assert filed.report.reference not in html and 'name="receipt"' in html
    attachment = filed.report.attachments.get()
    assert client.get(f"/track/attachments/{attachment.pk}/").status_code == 404


def test_closing_the_report_forgets_it_on_this_device(client, filed):
    open_report(client, filed.receipt)
    client.post("/track/close/")
    assert filed.report.reference not in client.get("/track/").content.decode()


def test_attachments_are_served_only_to_the_holder_of_their_reports_receipt(client, filed, areas):
    other = report_submit(
        report_draft(
            source=Report.Source.WEB, description="Another report with a photo.", attachments=[jpeg()]
        )
    )
    own, foreign = filed.report.attachments.get(), other.report.attachments.get()

    assert client.get(f"/track/attachments/{own.pk}/").status_code == 404
    assert client.get(f"/track/attachments/{own.pk}/thumb/").status_code == 404

    open_report(client, filed.receipt)
    full = client.get(f"/track/attachments/{own.pk}/")
    assert full.status_code == 200 and full["Content-Type"] == "image/jpeg"
    assert b"".join(full.streaming_content)[:3] == b"\xff\xd8\xff"
    assert "sandbox" in full["Content-Security-Policy"]
    assert "no-store" in full["Cache-Control"]
    assert client.get(f"/track/attachments/{own.pk}/thumb/").status_code == 200
    assert client.get(f"/track/attachments/{foreign.pk}/").status_code == 404
    assert client.get(f"/track/attachments/{foreign.pk}/thumb/").status_code == 404
    assert client.get("/track/attachments/999999/").status_code == 404


# --- rate limits ------------------------------------------------------------------------


def test_filing_is_rate_limited_per_address(client, areas, settings):
    settings.INTAKE_SUBMIT_RATE = "2/m"
    for n in range(2):
        assert file_report(client, report_data(None, token=f"{TOKEN}{n}")).status_code == 302
    response = file_report(client, report_data(None, token=f"{TOKEN}x"), **EN)
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert Report.objects.count() == 2
    assert client.get("/report/").status_code == 200  # reading the form is not limited


def test_receipt_lookups_are_rate_limited_per_address(client, filed, settings):
    settings.INTAKE_TRACK_RATE = "3/m"
    for _ in range(3):
        open_report(client, "ABCD-EFGH-JKMN-PQRS-TVWX")
    response = open_report(client, filed.receipt)
    assert response.status_code == 429
    assert "Please wait a while and try again." in response.content.decode()
    assert TRACK_SESSION_KEY not in client.session


def _always_limited(request):
    raise Ratelimited()


# Only for the test below: a limited view under /api/ and one elsewhere, beside the real pages.
urlpatterns = [
    path("api/limited/", _always_limited),
    path("limited/", _always_limited),
    path("", include("project.urls")),
]


def test_a_limited_view_answers_429_json_under_the_api_and_a_page_elsewhere(client, db, settings):
    settings.ROOT_URLCONF = __name__
    api = client.post("/api/limited/", **EN)
    assert api.status_code == 429
    assert api.json() == {
        "errors": {
            "non_field_errors": ["Too many requests from your connection. Please wait a while and try again."]
        }
    }
    page = client.get("/limited/", **EN)
    assert page.status_code == 429 and "Too many requests" in page.content.decode()


def test_ratelimited_answers_json_under_the_api_and_a_page_elsewhere(db):
    factory = RequestFactory()
    with translation.override("en"):
        api = ratelimited(factory.post("/api/v1/reports/"))
        page = ratelimited(factory.post("/report/"))
    assert api.status_code == 429
    assert api["Content-Type"] == "application/json"
    assert "Too many requests" in json.loads(api.content)["errors"]["non_field_errors"][0]
    assert page.status_code == 429 and b"<html" in page.content


@pytest.mark.django_db
def test_merged_reporter_sees_main_status_updates_but_not_what_the_other_reporter_wrote(submit):
    from intake.models import ReportMessage
    from intake.selectors import report_public_messages
    from intake.services import report_message_add

    main = submit(description="老板拖欠工资三个月了,一直不给钱。").report
    merged = submit(description="同一个老板也拖欠我的工资很久了。").report
    merged.merged_into = main
    merged.save()
    report_message_add(report=main, text="我的名字是李四,电话13800000000")
    ReportMessage.objects.create(report=main, kind=ReportMessage.Kind.PUBLIC_UPDATE, text="已派单")
    own = report_message_add(report=merged, text="补充:工地在那大镇")

    texts = [m.text for m in report_public_messages(merged)]
    assert "已派单" in texts
    assert "补充:工地在那大镇" in texts
    assert not any("李四" in t for t in texts)
    assert own.report_id == merged.pk


def test_report_form_offers_an_area_suggestion_through_the_api_from_a_static_script(db, client):
    page = client.get("/report/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="area-suggestion"' in body and 'data-url="/api/v1/areas/suggest/"' in body
    assert 'data-question="这听起来像“%(area)s”，对吗？"' in body
    assert "/static/intake/area_suggest.js" in body
    script = (settings.BASE_DIR / "intake" / "static" / "intake" / "area_suggest.js").read_text()
    assert "/api/v1/areas/suggest/" not in script  # the URL comes from the page
    assert 'getAttribute("data-url")' in script and "%(area)s" in script
