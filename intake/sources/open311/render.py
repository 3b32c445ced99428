"""GeoReport v2 bodies in JSON and XML, and its error format."""

import json
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse

from intake.validators import strip_unstorable_characters

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# XML element names for the members of lists, by the list's name.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # XML 1.0 cannot hold control characters: one in a description (or an older note)
    # would make the whole document ill-formed for every client.
    return strip_unstorable_characters(str(value))


def _append(parent: Element, name: str, value) -> None:
    element = SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _append(element, key, inner)
    elif isinstance(value, list):
        item_name = ITEM_NAMES.get(name, "item")
        for inner in value:
            _append(element, item_name, inner)
    else:
        element.text = _text(value)


def to_xml(root: str, body) -> bytes:
    """`body` is a list (members named by ITEM_NAMES) or a dict of fields."""
    element = Element(root)
    if isinstance(body, list):
        for item in body:
            _append(element, ITEM_NAMES.get(root, "item"), item)
    else:
        for key, value in body.items():
            _append(element, key, value)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(element, encoding="unicode").encode("utf-8")


def respond(fmt: str, root: str, body, status: int = 200) -> HttpResponse:
    content = to_xml(root, body) if fmt == "xml" else json.dumps(body, ensure_ascii=False).encode("utf-8")
    return HttpResponse(content, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The GeoReport error list: one {code, description} per problem."""
    body = [{"code": status, "description": str(text)} for text in descriptions]
    return respond(fmt, "errors", body, status=status)
