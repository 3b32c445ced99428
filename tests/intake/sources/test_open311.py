"""Open311 GeoReport v2: every endpoint in JSON and XML, checked field by field against the spec."""

import datetime
import json
from xml.etree.ElementTree import fromstring

import pytest
from django.core.management import call_command
from django.utils import timezone

from intake.models import Area, Bureau, Open311Client, Report, ReportMessage
from intake.services import report_status_set
from intake.sources.open311.services import DEMO_KEY, demo_client_ensure

pytestmark = pytest.mark.django_db

BASE = "/open311/v2/"
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
ATTRIBUTE_FIELDS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


@pytest.fixture
def api_key(db):
    demo_client_ensure()
    return DEMO_KEY


@pytest.fixture(autouse=True)
def _demo_client(db):
    demo_client_ensure()


@pytest.fixture
def submit(submit):
    """Service requests are the reports filed through Open311."""

    def _submit(**overrides):
        return submit(**{"source": Report.Source.OPEN311, **overrides})

    return _submit


def get(client, path, fmt="json", **params):
    """A read by the demo client (reading service requests needs a key, as filing does)."""
    if path != "services" and not path.startswith("services/") and path != "discovery":
        params.setdefault("api_key", DEMO_KEY)
    response = client.get(f"{BASE}{path}.{fmt}", params, HTTP_ACCEPT_LANGUAGE="en")
    return response, _body(response, fmt)


def post(client, fmt="json", **data):
    response = client.post(f"{BASE}requests.{fmt}", data, HTTP_ACCEPT_LANGUAGE="en")
    return response, _body(response, fmt)


def _body(response, fmt):
    if fmt == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return json.loads(response.content)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return fromstring(response.content)


def wage_request(api_key, **overrides):
    data = {
        "api_key": api_key,
        "service_code": "wage_arrears",
        "address_string": "Nada Town, Zhongxing Street 12",
        "lat": "19.521234",
        "long": "109.580123",
        "description": "The site boss has not paid forty workers for three months.",
        "attribute[employer]": "Acme Construction Ltd",
        "attribute[amount_owed]": "50000",
        "email": "resident@example.cn",
        "phone": "13912345678",
        "first_name": "Xiaoming",
        "last_name": "Wang",
    }
    data.update(overrides)
    return data


def test_services_list_one_service_per_area_json(client):
    response, body = get(client, "services")
    assert response.status_code == 200
    assert len(body) == 18
    wage = next(s for s in body if s["service_code"] == "wage_arrears")
    assert set(wage) == SERVICE_FIELDS
    assert wage["service_name"] == "Wage arrears"
    assert wage["metadata"] is True and wage["type"] == "realtime"
    assert "欠薪" in wage["keywords"]
    assert wage["group"] == Bureau.objects.get(code="hrss").name_en


def test_services_list_xml(client):
    response, root = get(client, "services", "xml")
    assert root.tag == "services"
    services = root.findall("service")
    assert len(services) == 18
    first = services[0]
    assert {child.tag for child in first} == SERVICE_FIELDS
    assert first.findtext("service_code") == "telecom_fraud"
    assert first.findtext("metadata") == "true"
    assert first.findtext("type") == "realtime"


def test_service_without_questions_has_no_metadata(client, open_area):
    _, body = get(client, "services")
    assert next(s for s in body if s["service_code"] == "test_area")["metadata"] is False


def test_service_definition_lists_questions_as_attributes_json(client):
    response, body = get(client, "services/telecom_fraud")
    assert response.status_code == 200
    assert set(body) == {"service_code", "attributes"}
    assert body["service_code"] == "telecom_fraud"
    attributes = {a["code"]: a for a in body["attributes"]}
    assert set(attributes) == {"fraud_number", "amount_lost", "occurred_date", "contact_method", "scam_type"}
    assert set(attributes["fraud_number"]) == ATTRIBUTE_FIELDS
    assert (
        attributes["fraud_number"]["datatype"] == "string" and attributes["fraud_number"]["required"] is True
    )
    assert attributes["fraud_number"]["variable"] is True and attributes["fraud_number"]["order"] == 1
    assert attributes["amount_lost"]["datatype"] == "number"
    assert attributes["occurred_date"]["datatype"] == "datetime"
    choice = attributes["contact_method"]
    assert choice["datatype"] == "singlevaluelist"
    assert {"key": "phone_call", "name": "Phone call"} in choice["values"]


def test_service_definition_xml(client):
    _, root = get(client, "services/telecom_fraud", "xml")
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "telecom_fraud"
    attributes = root.find("attributes").findall("attribute")
    assert [a.findtext("code") for a in attributes] == [
        "fraud_number",
        "amount_lost",
        "occurred_date",
        "contact_method",
        "scam_type",
    ]
    values = attributes[3].find("values").findall("value")
    assert values[0].findtext("key") == "phone_call" and values[0].findtext("name") == "Phone call"
    assert attributes[0].findtext("required") == "true" and attributes[0].findtext("variable") == "true"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_404_in_the_error_format(client, fmt):
    response, body = get(client, "services/no_such_service", fmt)
    assert response.status_code == 404
    if fmt == "json":
        assert body[0]["code"] == 404 and "no_such_service" in body[0]["description"]
    else:
        assert body.tag == "errors"
        assert body.find("error").findtext("code") == "404"


def test_post_request_files_an_open311_report_json(client, api_key):
    response, body = post(client, **wage_request(api_key))
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.source == Report.Source.OPEN311
    assert body == [
        {
            "service_request_id": report.reference,
            "service_notice": "Your report was received.",
            "account_id": None,
        }
    ]
    assert "token" not in body[0]
    assert report.area.code == "wage_arrears"
    assert report.answers == {"employer": "Acme Construction Ltd", "amount_owed": "50000"}
    assert report.location == "Nada Town, Zhongxing Street 12" and str(report.latitude) == "19.521234"
    assert report.reporter_email == "resident@example.cn" and report.reporter_phone == "13912345678"
    assert report.anonymous and report.reporter_name == ""
    assert Open311Client.objects.get().last_used_at is not None


def test_post_request_xml(client, api_key):
    response, root = post(client, "xml", **wage_request(api_key))
    assert response.status_code == 201
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request.findtext("service_request_id") == Report.objects.get().reference
    assert request.find("token") is None and request.find("account_id") is not None


def test_datetime_attribute_is_stored_as_a_local_date(client, api_key):
    post(
        client,
        api_key=api_key,
        service_code="telecom_fraud",
        address_string="Nada Town",
        description="Someone called pretending to be my bank and took 5,000 yuan.",
        **{"attribute[fraud_number]": "17012345678", "attribute[occurred_date]": "2026-01-05T23:30:00Z"},
    )
    assert Report.objects.get().answers["occurred_date"] == "2026-01-06"


@pytest.mark.parametrize("key", [None, "", "wrong-key"])
def test_post_without_a_valid_key_is_403(client, api_key, key):
    data = wage_request(api_key)
    if key is None:
        del data["api_key"]
    else:
        data["api_key"] = key
    response, body = post(client, **data)
    assert response.status_code == 403
    assert body[0]["code"] == 403
    assert not Report.objects.exists()


def test_inactive_client_key_is_403(client, api_key):
    Open311Client.objects.update(is_active=False)
    response, _ = post(client, **wage_request(api_key))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"service_code": ""}, "service_code is required"),
        ({"address_string": "", "lat": "", "long": ""}, "A location is required"),
        ({"lat": "91"}, "lat and long"),
        ({"long": "east"}, "lat and long"),
        ({"description": "<b>bold</b> claims about unpaid wages here"}, "plain text"),
        ({"description": "x" * 4001}, "limited to 4000"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "12345"}, "phone: Enter an 11-digit mainland mobile number."),
        ({"attribute[employer]": ""}, "attribute[employer]: Please answer"),
        ({"attribute[amount_owed]": "lots"}, "attribute[amount_owed]"),
        ({"attribute[no_such]": "x"}, "There is no question no_such"),
        ({"description": "short"}, "description: Please describe"),
    ],
)
def test_bad_requests_are_400_with_a_clear_description(client, api_key, overrides, expected):
    response, body = post(client, **wage_request(api_key, **overrides))
    assert response.status_code == 400
    assert all(set(error) == {"code", "description"} and error["code"] == 400 for error in body)
    assert any(expected in error["description"] for error in body), body
    assert not Report.objects.exists()


def test_unknown_service_code_on_post_is_404(client, api_key):
    response, _ = post(client, **wage_request(api_key, service_code="potholes"))
    assert response.status_code == 404


def test_requests_list_fields_and_no_private_data(client, submit, area):
    submission = submit(
        area=area,
        answers={"employer": "Acme", "amount_owed": "1"},
        reporter_phone="13912345678",
        reporter_email="secret@example.cn",
        location="My home, room 302",
    )
    response, body = get(client, "requests")
    assert response.status_code == 200
    [item] = body
    assert set(item) == REQUEST_FIELDS
    assert item["service_request_id"] == submission.report.reference
    assert item["status"] == "open"
    assert item["service_code"] == "wage_arrears" and item["service_name"] == "Wage arrears"
    assert item["description"] == "" and item["address"] == ""  # area does not publish
    assert item["agency_responsible"] == Bureau.objects.get(code="hrss").name_en
    assert item["status_notes"] == submission.report.messages.get(kind=ReportMessage.Kind.PUBLIC_UPDATE).text
    assert item["requested_datetime"].endswith("+08:00")
    text = response.content.decode()
    for secret in ("13912345678", "secret@example.cn", "room 302", "Acme"):
        assert secret not in text


def test_description_and_place_shown_where_the_area_publishes(client, submit):
    tours = Area.objects.get(code="low_price_tours")
    submit(
        area=tours,
        answers={"travel_agency": "Cheap Tours"},
        description="The guide forced us to shop for four hours.",
        location="Baimajing pier",
    )
    _, [item] = get(client, "requests")
    assert item["description"] == "The guide forced us to shop for four hours."
    assert item["address"] == "Baimajing pier"


def test_requests_list_xml(client, submit):
    submission = submit()
    _, root = get(client, "requests", "xml")
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert {child.tag for child in request} == REQUEST_FIELDS
    assert request.findtext("service_request_id") == submission.report.reference
    assert request.findtext("status") == "open"
    assert request.findtext("expected_datetime") == ""


def test_status_bureau_deadline_and_notes_follow_the_workflow(client, submit, area):
    submission = submit(area=area, answers={"employer": "Acme", "amount_owed": "1"})
    tax = Bureau.objects.get(code="tax")
    due = timezone.now() + datetime.timedelta(days=15)
    report_status_set(
        report=submission.report,
        status=Report.Status.CLOSED,
        public_note="The wages were paid.",
        bureau=tax,
        expected_at=due,
    )
    _, [item] = get(client, f"requests/{submission.report.reference}")
    assert item["status"] == "closed"
    assert item["status_notes"] == "The wages were paid."
    assert item["agency_responsible"] == tax.name_en
    assert item["expected_datetime"] == timezone.localtime(due).isoformat(timespec="seconds")


def test_merged_report_shows_the_status_of_the_report_it_follows(client, submit):
    main = submit().report
    merged = submit(description="Same matter reported again by another resident.").report
    merged.merged_into = main
    merged.save()
    report_status_set(
        report=main, status=Report.Status.CLOSED, public_note="Handled with the earlier report."
    )
    _, [item] = get(client, f"requests/{merged.reference}")
    assert item["status"] == "closed" and item["status_notes"] == "Handled with the earlier report."


def test_unknown_request_is_404(client):
    for fmt in ("json", "xml"):
        response, _ = get(client, "requests/DZ-2026-999999", fmt)
        assert response.status_code == 404


def test_status_filter(client, submit):
    open_one = submit().report
    closed_one = submit(description="Another report that has been closed already.").report
    report_status_set(report=closed_one, status=Report.Status.CLOSED)
    _, body = get(client, "requests", status="closed")
    assert [i["service_request_id"] for i in body] == [closed_one.reference]
    _, body = get(client, "requests", status="open")
    assert [i["service_request_id"] for i in body] == [open_one.reference]
    _, body = get(client, "requests", status="open,closed")
    assert len(body) == 2
    response, _ = get(client, "requests", status="pending")
    assert response.status_code == 400


def test_service_code_filter(client, submit, area):
    submit(area=area, answers={"employer": "Acme", "amount_owed": "1"})
    submit()
    _, body = get(client, "requests", service_code="wage_arrears,telecom_fraud")
    assert [i["service_code"] for i in body] == ["wage_arrears"]


def test_date_filters_and_the_90_day_default(client, submit):
    old = submit().report
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=120))
    recent = submit(description="A recent report about unpaid wages again.").report
    _, body = get(client, "requests")
    assert [i["service_request_id"] for i in body] == [recent.reference]
    start = (timezone.now() - datetime.timedelta(days=130)).isoformat()
    end = (timezone.now() - datetime.timedelta(days=100)).isoformat()
    _, body = get(client, "requests", start_date=start, end_date=end)
    assert [i["service_request_id"] for i in body] == [old.reference]


def test_service_request_id_list_overrides_other_filters(client, submit):
    first, second = submit().report, submit(description="A second report about unpaid wages.").report
    Report.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    _, body = get(
        client, "requests", service_request_id=f"{first.reference},{second.reference}", status="closed"
    )
    assert {i["service_request_id"] for i in body} == {first.reference, second.reference}


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-06-01T00:00:00+08:00"},
        {"start_date": "2026-02-01T00:00:00+08:00", "end_date": "2026-01-01T00:00:00+08:00"},
    ],
)
def test_bad_date_filters_are_400(client, params):
    response, body = get(client, "requests", **params)
    assert response.status_code == 400 and body[0]["code"] == 400


def test_list_is_limited_to_1000(client, submit, monkeypatch):
    from intake.sources.open311 import selectors

    monkeypatch.setattr(selectors, "MAX_REQUESTS", 3)
    for n in range(5):
        submit(description=f"Report number {n} about unpaid wages.")
    _, body = get(client, "requests")
    assert len(body) == 3


def test_list_query_count_does_not_grow_with_reports(client, submit, django_assert_max_num_queries, area):
    for n in range(30):
        submit(
            description=f"Report number {n} about unpaid wages.",
            area=area if n % 2 else None,
            answers={"employer": "Acme", "amount_owed": "1"} if n % 2 else None,
        )
    with django_assert_max_num_queries(5):  # the client's key, then the list
        response, body = get(client, "requests")
    assert len(body) == 30


def test_token_answers_for_the_reference(client, submit):
    reference = submit().report.reference
    _, body = get(client, f"tokens/{reference}")
    assert body == [{"service_request_id": reference, "token": reference}]
    _, root = get(client, f"tokens/{reference}", "xml")
    assert root.find("request").findtext("token") == reference
    response, _ = get(client, "tokens/no-such-token")
    assert response.status_code == 404


def test_jurisdiction_id_is_accepted_when_ours_and_404_otherwise(client, settings):
    response, _ = get(client, "services", jurisdiction_id=settings.OPEN311_JURISDICTION_ID)
    assert response.status_code == 200
    response, body = get(client, "services", jurisdiction_id="sf.gov")
    assert response.status_code == 404 and "sf.gov" in body[0]["description"]


def test_unknown_resource_and_method_get_spec_errors(client):
    response = client.get(f"{BASE}potholes.json")
    assert response.status_code == 404 and json.loads(response.content)[0]["code"] == 404
    response = client.delete(f"{BASE}services.json")
    assert response.status_code == 405 and response["Allow"] == "GET"


def test_discovery(client):
    response, body = get(client, "discovery")
    assert response.status_code == 200
    assert body["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"


def test_demo_client_ensure_is_idempotent():
    first = demo_client_ensure()
    assert demo_client_ensure().pk == first.pk
    assert Open311Client.objects.count() == 1
    assert DEMO_KEY not in first.key_hash


def test_open311_client_add_command_prints_a_working_key(client, capsys):
    call_command("open311_client_add", "City app", "--contact", "dev@example.cn")
    key = capsys.readouterr().out.rsplit(": ", 1)[1].strip()
    stored = Open311Client.objects.get(name="City app")
    assert key not in stored.key_hash and stored.key_hint == key[:4]
    response, _ = post(client, **wage_request(key))
    assert response.status_code == 201


def test_admin_shows_a_new_key_once(admin_client):
    response = admin_client.post(
        "/admin/intake/open311client/add/",
        {"name": "Partner app", "contact": "", "is_active": "on"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    messages = [str(m) for m in response.context["messages"]]
    key_message = next(m for m in messages if "shown only this once" in m)
    key = key_message.split(": ", 1)[1].split(". Copy")[0]
    assert Open311Client.objects.get(name="Partner app").key_hint == key[:4]
    listing = admin_client.get("/admin/intake/open311client/")
    assert key.encode() not in listing.content


def test_post_ends_in_report_submit_with_language(client, api_key):
    post(client, **wage_request(api_key))
    report = Report.objects.get()
    assert report.language == "en"
    assert ReportMessage.objects.filter(report=report).exists()


@pytest.mark.parametrize("path", ["requests", "requests/{reference}", "tokens/{reference}"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_reading_service_requests_needs_a_key(client, submit, path, fmt):
    reference = submit().report.reference
    for params in ({}, {"api_key": "not-a-key"}):
        response = client.get(f"{BASE}{path.format(reference=reference)}.{fmt}", params)
        assert response.status_code == 403
        assert reference not in response.content.decode()


def test_reports_from_other_sources_never_leave_through_open311(client, submit):
    web = submit(source=Report.Source.WEB).report
    report_status_set(report=web, status=Report.Status.CLOSED, public_note="Out of scope for this office.")
    mine = submit().report
    _, body = get(client, "requests")
    assert [item["service_request_id"] for item in body] == [mine.reference]
    for path in (f"requests/{web.reference}", f"tokens/{web.reference}"):
        response, _ = get(client, path)
        assert response.status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "0001-01-01"},
        {"end_date": "0001-01-01"},
        {"start_date": "9999-12-31T23:59:59+14:00"},
        {"end_date": "9999-12-31T23:59:59+14:00"},
        {"start_date": "9999-12-31"},
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_400_not_500(client, params):
    for fmt in ("json", "xml"):
        response, _ = get(client, "requests", fmt, **params)
        assert response.status_code == 400


def test_control_characters_never_make_the_xml_ill_formed(client, submit):
    report = submit().report
    report_status_set(
        report=report, status=Report.Status.CLOSED, public_note="Rejected:\x0b\x1b\x7f out of scope"
    )
    response, root = get(client, "requests", "xml")  # fromstring raises on ill-formed XML
    assert response.status_code == 200
    assert root.find("request").findtext("status_notes") == "Rejected: out of scope"
    response, root = get(client, "services/no\x01such", "xml")
    assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_service_notice_promises_a_review_time_only_once_the_city_adopted_one(client, api_key, fmt):
    from tests.policies import policy_set

    def notice():
        response, body = post(client, fmt, **wage_request(api_key))
        assert response.status_code == 201
        return body[0]["service_notice"] if fmt == "json" else body.find("request").findtext("service_notice")

    assert notice() == "Your report was received."
    policy_set("promise-triage-review", value={"working_days": 2})
    assert notice() == "Your report was received. The complaint centre will review it within 2 working days."
