"""A service's ValidationError shown where the user acts: beside a form's fields, or as an
API answer's {field: [messages]}. Every form view and API maps errors through here."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, BadRequest, ValidationError


class UnreadableInput(BadRequest):
    """A request whose text no view may use: answered by handler400 with this message."""

    def __init__(self, message: str, field: str = "non_field_errors"):
        super().__init__(message)
        self.message, self.field = message, field


def error_messages(exc: ValidationError, *, non_field: str = NON_FIELD_ERRORS) -> dict[str, list[str]]:
    """Field -> messages of `exc`; messages of no field under `non_field`."""
    return exc.message_dict if hasattr(exc, "error_dict") else {non_field: list(exc.messages)}


def errors_apply(
    form: forms.Form,
    exc: ValidationError,
    *,
    field_of: Callable[[str], str] | None = None,
    set_aside: tuple[str, ...] = (),
) -> dict[str, list[str]]:
    """Show `exc` beside the form's fields, what names no field at the top of the form.

    `field_of` turns a service's error key into the form's field name; errors whose key
    starts with one of `set_aside` (and names no field) are returned instead of shown."""
    rest: dict[str, list[str]] = {}
    for key, messages in error_messages(exc).items():
        name = field_of(key) if field_of else key
        if name in form.fields:
            form.add_error(name, messages)
        elif set_aside and key.startswith(set_aside):
            rest[key] = list(messages)
        else:
            form.add_error(None, messages)
    return rest
