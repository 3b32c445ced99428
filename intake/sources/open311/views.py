"""GeoReport v2 endpoints under /open311/v2/, each in .json and .xml.

Service requests are created synchronously, so POST returns a service_request_id (the
report's reference) and never a token; GET tokens/{token} still answers, for the
reference used as a token. Only public fields leave: never reporter contact details or
internal notes, and the resident's text and place only where the area publishes them.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from intake.errors import error_messages
from intake.models import AreaBureau, Question, Report
from intake.policies import received_notice
from intake.sources.open311 import render
from intake.sources.open311.selectors import (
    MAX_SPAN,
    RequestFilter,
    open311_agencies,
    open311_client_for_key,
    open311_requests,
    open311_service,
    open311_services,
)
from intake.sources.open311.services import answer_for_datetime, open311_request_create

DATATYPES = {
    Question.Datatype.TEXT: "string",
    Question.Datatype.NUMBER: "number",
    Question.Datatype.DATE: "datetime",
    Question.Datatype.CHOICE: "singlevaluelist",
}
_ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]+)\](?P<multi>\[\])?$")
_HTML = re.compile(r"<\s*[A-Za-z!/?]")
DESCRIPTION_LIMIT = 4000


def _guard(methods: tuple[str, ...]):
    """Method and jurisdiction checks shared by every endpoint, with GeoReport errors."""

    def decorate(view):
        @csrf_exempt
        def wrapped(request, fmt, **kwargs):
            if request.method not in methods:
                response = render.errors(
                    fmt, 405, _("Method %(method)s is not allowed here.") % {"method": request.method}
                )
                response["Allow"] = ", ".join(methods)
                return response
            params = request.POST if request.method == "POST" else request.GET
            jurisdiction = params.get("jurisdiction_id", "").strip()
            if jurisdiction and jurisdiction != settings.OPEN311_JURISDICTION_ID:
                return render.errors(
                    fmt, 404, _("jurisdiction_id %(id)s is not served here.") % {"id": jurisdiction}
                )
            return view(request, fmt, **kwargs)

        return wrapped

    return decorate


def _iso(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


@_guard(("GET",))
def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    return render.respond(
        fmt,
        "discovery",
        {
            "changeset": "2026-01-01T00:00:00+08:00",
            "contact": _("Danzhou City complaint and reporting centre"),
            "key_service": _("API keys are issued by the city's administrators."),
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2026-01-01T00:00:00+08:00",
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


@_guard(("GET",))
def service_list(request, fmt):
    body = []
    for area in open311_services():
        lead = next(
            (entry.bureau for entry in area.routing.all() if entry.role == AreaBureau.Role.LEAD), None
        )
        body.append(
            {
                "service_code": area.code,
                "service_name": area.label,
                "description": area.summary_label,
                "metadata": bool(area.questions.all()),
                "type": "realtime",
                "keywords": ", ".join(area.keyword_list),
                "group": lead.label if lead else "",
            }
        )
    return render.respond(fmt, "services", body)


@_guard(("GET",))
def service_definition(request, fmt, code):
    area = open311_service(code)
    if area is None:
        return render.errors(fmt, 404, _("service_code %(code)s was not found.") % {"code": code})
    attributes = []
    for order, question in enumerate(area.questions.all(), start=1):
        attribute = {
            "variable": True,
            "code": question.code,
            "datatype": DATATYPES[question.datatype],
            "required": question.required,
            "datatype_description": _datatype_description(question),
            "order": order,
            "description": question.label,
        }
        if question.datatype == Question.Datatype.CHOICE:
            attribute["values"] = [
                {"key": c["key"], "name": question.choice_label(c["key"])} for c in question.choices
            ]
        attributes.append(attribute)
    return render.respond(fmt, "service_definition", {"service_code": area.code, "attributes": attributes})


def _datatype_description(question: Question) -> str:
    return {
        Question.Datatype.NUMBER: _("A number of zero or more."),
        Question.Datatype.DATE: _("A date, not in the future (ISO 8601)."),
        Question.Datatype.CHOICE: _("One of the listed keys."),
    }.get(question.datatype, _("Text of up to 500 characters."))


def _client_missing(request, fmt):
    """403 unless the request carries an active client's api_key. Reading service requests
    needs a key as filing does: references are sequential, and an open list would show
    every request's area, agency, times and notes to anyone."""
    if open311_client_for_key(request.GET.get("api_key", "")) is None:
        return render.errors(fmt, 403, _("api_key is missing or not valid."))
    return None


@_guard(("GET", "POST"))
def requests_endpoint(request, fmt):
    if request.method == "POST":
        return _request_create(request, fmt)
    if refused := _client_missing(request, fmt):
        return refused
    filters, problem = _filters(request.GET)
    if problem:
        return render.errors(fmt, 400, problem)
    return _requests_respond(fmt, open311_requests(filters))


@_guard(("GET",))
def request_detail(request, fmt, request_id):
    if refused := _client_missing(request, fmt):
        return refused
    reports = list(open311_requests(RequestFilter(references=[request_id])))
    if not reports:
        return render.errors(fmt, 404, _("service_request_id %(id)s was not found.") % {"id": request_id})
    return _requests_respond(fmt, reports)


@_guard(("GET",))
def token_detail(request, fmt, token):
    if refused := _client_missing(request, fmt):
        return refused
    report = Report.objects.filter(reference=token, source=Report.Source.OPEN311).only("reference").first()
    if report is None:
        return render.errors(fmt, 404, _("token %(token)s was not found.") % {"token": token})
    return render.respond(fmt, "service_requests", [{"service_request_id": report.reference, "token": token}])


def not_found(request, rest=""):
    fmt = "xml" if rest.endswith(".xml") else "json"
    return render.errors(fmt, 404, _("There is no such GeoReport v2 resource."))


def _requests_respond(fmt, reports):
    leads, centre = open311_agencies()
    return render.respond(fmt, "service_requests", [_request_fields(r, leads, centre) for r in reports])


def _request_fields(report: Report, leads, centre) -> dict:
    followed = report.followed
    agency = followed.bureau or leads.get(followed.area_id) or centre
    public = bool(report.area and report.area.publish_description)
    return {
        "service_request_id": report.reference,
        "status": "closed" if report.followed_status == Report.Status.CLOSED else "open",
        "status_notes": report.status_note or "",
        "service_name": report.area.label if report.area else None,
        "service_code": report.area.code if report.area else None,
        "description": report.description if public else "",
        "agency_responsible": agency.label if agency else "",
        "service_notice": "",
        "requested_datetime": _iso(report.created_at),
        "updated_datetime": _iso(max(report.updated_at, followed.updated_at)),
        "expected_datetime": _iso(followed.expected_at),
        "address": report.location if public else "",
        "address_id": "",
        "zipcode": "",
        "lat": float(report.latitude) if public and report.latitude is not None else None,
        "long": float(report.longitude) if public and report.longitude is not None else None,
        "media_url": "",
    }


# Moments outside these years are refused: near the ends of the calendar, adding the
# 90-day span or converting to UTC overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2999


def _moment(value: str, *, end: bool) -> datetime.datetime | None:
    value = value.strip().replace(" ", "+")  # a "+" in a query string arrives as a space
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        parsed = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ValueError(value)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _filters(params) -> tuple[RequestFilter | None, str]:
    ids = params.get("service_request_id", "").strip()
    if ids:
        return RequestFilter(references=[i.strip() for i in ids.split(",") if i.strip()]), ""
    try:
        start = _moment(params["start_date"], end=False) if params.get("start_date") else None
        end = _moment(params["end_date"], end=True) if params.get("end_date") else None
    except ValueError:
        return None, _(
            "start_date and end_date must be ISO 8601 date-times between the years %(first)d and "
            "%(last)d, e.g. 2026-03-01T00:00:00+08:00."
        ) % {"first": FIRST_YEAR, "last": LAST_YEAR}
    if start and end:
        if end < start:
            return None, _("end_date is before start_date.")
        if end - start > MAX_SPAN:
            return None, _("start_date and end_date may not span more than 90 days.")
    elif start:
        end = start + MAX_SPAN
    elif end:
        start = end - MAX_SPAN
    else:
        start = timezone.now() - MAX_SPAN
    statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()} or None
    if statuses and not statuses <= {"open", "closed"}:
        return None, _("status must be open, closed or both.")
    codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()] or None
    return RequestFilter(service_codes=codes, start=start, end=end, statuses=statuses), ""


def _request_create(request, fmt):
    data = request.POST
    client = open311_client_for_key(data.get("api_key", ""))
    if client is None:
        return render.errors(fmt, 403, _("api_key is missing or not valid."))
    code = data.get("service_code", "").strip()
    if not code:
        return render.errors(fmt, 400, _("service_code is required."))
    area = open311_service(code)
    if area is None:
        return render.errors(fmt, 404, _("service_code %(code)s was not found.") % {"code": code})
    problems, values = _request_values(data, area)
    if problems:
        return render.errors(fmt, 400, *problems)
    try:
        submission = open311_request_create(client=client, area=area, language=get_language() or "", **values)
    except ValidationError as exc:
        return render.errors(fmt, 400, *_described(exc))
    return render.respond(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": submission.report.reference,
                "service_notice": received_notice(),
                "account_id": None,
            }
        ],
        status=201,
    )


def _request_values(data, area) -> tuple[list[str], dict]:
    problems: list[str] = []
    latitude = longitude = None
    lat, long = data.get("lat", "").strip(), data.get("long", "").strip()
    if lat or long:
        try:
            latitude = Decimal(lat).quantize(Decimal("0.000001"))
            longitude = Decimal(long).quantize(Decimal("0.000001"))
            if not (abs(latitude) <= 90 and abs(longitude) <= 180):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            problems.append(
                _("lat and long must be WGS84 degrees: lat from -90 to 90, long from -180 to 180.")
            )
    address = data.get("address_string", "").strip() or data.get("address_id", "").strip()
    if latitude is None and not address and not problems:
        problems.append(_("A location is required: lat and long, address_string or address_id."))
    if len(address) > 300:
        problems.append(_("address_string is limited to 300 characters."))
    description = data.get("description", "").strip()
    if len(description) > DESCRIPTION_LIMIT:
        problems.append(_("description is limited to %(n)d characters.") % {"n": DESCRIPTION_LIMIT})
    if _HTML.search(description):
        problems.append(_("description must be plain text, without HTML."))
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("email is not a valid e-mail address."))
    datatypes = {q.code: q.datatype for q in area.questions.all()}
    answers = {}
    for key in data:
        match = _ATTRIBUTE.match(key)
        if not match:
            continue
        value = ", ".join(data.getlist(key)) if match["multi"] else data.get(key, "")
        if datatypes.get(match["code"]) == Question.Datatype.DATE and value:
            value = answer_for_datetime(value)
        answers[match["code"]] = value
    values = {
        "description": description,
        "answers": answers,
        "location": address,
        "latitude": latitude,
        "longitude": longitude,
        "email": email,
        "phone": data.get("phone", "").strip(),
    }
    return problems, values


# report_submit's error keys as GeoReport parameter names
_PARAMETER = {
    "reporter_phone": "phone",
    "reporter_email": "email",
    "location": "address_string",
    "area": "service_code",
}


def _described(exc: ValidationError) -> list[str]:
    described = []
    for key, messages in error_messages(exc).items():
        if key.startswith("answers."):
            name = f"attribute[{key.split('.', 1)[1]}]"
        elif key == "answers":
            name = "attribute"
        else:
            name = _PARAMETER.get(key, key)
        described += [f"{name}: {message}" for message in messages]
    return described
