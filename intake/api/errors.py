"""API errors as {"errors": {field: [messages]}} in the language of Accept-Language."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from intake.errors import error_messages


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(error_messages(exc, non_field="non_field_errors"))
    if isinstance(exc, exceptions.UnsupportedMediaType):
        # A body whose type cannot be read is a bad request like any unreadable body: one
        # documented answer (400) for every endpoint, with the reason.
        exc = exceptions.ParseError(exc.detail)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"errors": _flatten(detail)}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"errors": {"non_field_errors": [str(response.data["detail"])]}}
    return response


def _flatten(detail) -> dict[str, list[str]]:
    """Nested serializer errors as dotted names; errors of list items belong to the list."""
    errors: dict[str, list[str]] = {}
    for field, messages in detail.items():
        field = str(field)
        if isinstance(messages, dict):
            for sub, inner in _flatten(messages).items():
                head, _, rest = sub.partition(".")
                name = field if head.isdigit() else f"{field}.{head}"
                errors.setdefault(f"{name}.{rest}" if rest else name, []).extend(inner)
        elif isinstance(messages, list):
            errors[field] = [str(m) for m in messages if not isinstance(m, dict)] or [str(messages)]
        else:
            errors[field] = [str(messages)]
    return errors
