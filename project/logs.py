"""Structured logs: one JSON object a line, a request id carried into Celery tasks, and a
filter that keeps personal data out of every record.

Code logs ids, never a reporter's name, phone, ID number, e-mail or WeChat OpenID (the
log-privacy test files real-name reports through every source and greps the output). The
`PersonalDataFilter` is the second line: whatever slips into a message, its arguments or its
extra fields is masked by pattern before any handler writes it.
"""

import contextvars
import logging
import re
import uuid

from pythonjsonlogger.json import JsonFormatter

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# A request id from the proxy is taken only in this shape, so a header cannot inject text.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"

# Personal data by shape: resident ID numbers, mainland mobile numbers, e-mail addresses,
# WeChat OpenIDs (28 characters, starting with "o"), bank card numbers.
# The digits of a decimal fraction (a task's runtime, 0.007807662999766762) are none of these.
_NOT_A_FRACTION = r"(?<!\d\.)"
_PATTERNS = [
    (re.compile(_NOT_A_FRACTION + r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"), "[id-number]"),
    (re.compile(_NOT_A_FRACTION + r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)"), "[phone]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?<![0-9A-Za-z_-])o[0-9A-Za-z_-]{27}(?![0-9A-Za-z_-])"), "[openid]"),
    (re.compile(_NOT_A_FRACTION + r"(?<!\d)\d{16,19}(?!\d)"), "[account]"),
]
# Query strings can carry an OpenID or a receipt (WeChat callbacks, tracking links).
_QUERY = re.compile(r"\?[^\s\"']*")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def mask(text: str) -> str:
    """`text` with every piece of personal data replaced by its kind."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _clean(value):
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return value


class PersonalDataFilter(logging.Filter):
    """Mask personal data in the message, its arguments and extra fields of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg = mask(_QUERY.sub("?[query]", message) if _is_access_line(record) else message)
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and key != "request":
                setattr(record, key, _clean(value))
        return True


def _is_access_line(record: logging.LogRecord) -> bool:
    return record.name in {"django.server", "daphne.server", "django.channels.server", "daphne.access"}


class RequestIdFilter(logging.Filter):
    """Put the current request's (or task's) id on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonLineFormatter(JsonFormatter):
    """One JSON object a line: time, level, logger, message, request id and the extra fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)


class RequestIdMiddleware:
    """Give each request an id (the proxy's X-Request-ID when well formed), echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


def connect_celery() -> None:
    """Carry the request id from the publishing request into the task's log records."""
    from celery.signals import before_task_publish, task_postrun, task_prerun  # noqa: PLC0415  settings import this module

    @before_task_publish.connect(weak=False)
    def _stamp(headers=None, **_):
        if headers is not None and request_id_var.get():
            headers["request_id"] = request_id_var.get()

    @task_prerun.connect(weak=False)
    def _enter(task=None, **_):
        if task.request.is_eager:  # runs inside the publishing request: its id stays
            return
        headers = task.request.headers or {}
        request_id_var.set(getattr(task.request, "request_id", None) or headers.get("request_id") or "")

    @task_postrun.connect(weak=False)
    def _leave(task=None, **_):
        if not task.request.is_eager:
            request_id_var.set("")
