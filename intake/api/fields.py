"""Serializer fields for input that arrives as JSON or as multipart form fields."""

import json
import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

from intake.api.parsers import body_problem

_BRACKETED = re.compile(r"^answers\[(?P<code>[^\]]+)\]$")
_CONTACT_SEPARATORS = re.compile(r"[,\n;，、；]+")


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": "Answers keyed by question code. In multipart: a JSON string, "
        "or one answers[code] field per question.",
    }
)
class AnswersField(serializers.Field):
    """Answers keyed by question code: a JSON object, a JSON string, or answers[code] fields."""

    default_error_messages = {
        "invalid": _("Answers must be a JSON object keyed by question code."),
        "scalar": _("Give one value as the answer."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", dict)
        super().__init__(**kwargs)

    def get_value(self, dictionary):
        if not html.is_html_input(dictionary):
            return dictionary.get(self.field_name, empty)
        answers: dict = {}
        found = False
        if self.field_name in dictionary:
            found = True
            raw = dictionary.get(self.field_name)
            if raw not in ("", None):
                answers = raw
        bracketed = {}
        for key in dictionary:
            match = _BRACKETED.match(key)
            if match:
                found = True
                bracketed[match.group("code")] = dictionary.get(key)
        if not found:
            return empty
        if bracketed:
            if not isinstance(answers, dict):
                answers = self._parse(answers)
            return {**answers, **bracketed}
        return answers

    def _parse(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except (ValueError, RecursionError):
                self.fail("invalid")
            if problem := body_problem(data):
                raise serializers.ValidationError(problem, code="unstorable")
        if not isinstance(data, dict):
            self.fail("invalid")
        return data

    def to_internal_value(self, data) -> dict[str, str]:
        data = self._parse(data)
        errors = {}
        answers = {}
        for code, value in data.items():
            if value is None:
                answers[str(code)] = ""
            elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
                errors[str(code)] = [self.error_messages["scalar"]]
            else:
                answers[str(code)] = str(value)
        if errors:
            # Nested so that the error handler names them answers.<code>.
            raise serializers.ValidationError(errors)
        return answers

    def to_representation(self, value):
        return value


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string"},
        "description": "Phone numbers or accounts the subject used: a list, "
        "or one string separated by commas or new lines.",
    }
)
class ContactsField(serializers.Field):
    """A list of strings, or one string separated by commas, semicolons or new lines."""

    default_error_messages = {
        "invalid": _("Give the numbers or accounts as a list of text or separated by commas."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", list)
        super().__init__(**kwargs)

    def get_value(self, dictionary):
        if html.is_html_input(dictionary):
            if self.field_name not in dictionary:
                return empty
            return dictionary.getlist(self.field_name)
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data) -> list[str]:
        if isinstance(data, str):
            data = [data]
        if not isinstance(data, (list, tuple)):
            self.fail("invalid")
        contacts = []
        for item in data:
            if isinstance(item, bool) or not isinstance(item, (str, int)):
                self.fail("invalid")
            contacts.extend(part.strip() for part in _CONTACT_SEPARATORS.split(str(item)))
        return [contact for contact in contacts if contact]

    def to_representation(self, value):
        return value


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """An uploaded file, passed on untouched: evidence_check decides what it really is."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty_file", True)
        kwargs.setdefault("use_url", False)
        super().__init__(**kwargs)
