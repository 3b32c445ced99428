"""The JSON parser of every API: a clear 400 for bodies that would break what comes after.

Python's json module recurses once per level, so a deeply nested body raises RecursionError
(a 500 under DRF's parser); and JSON's \\u escapes can carry NUL, control characters and
lone surrogates, which no page, XML document or PostgreSQL column can hold.
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from intake.validators import has_unstorable_characters

MAX_DEPTH = 32


def body_problem(data) -> str | None:
    """Why this parsed body is refused, or None. Walks with a stack: no recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if has_unstorable_characters(value):
                return _(
                    "The request holds control characters or broken Unicode (for example a lone surrogate)."
                )
            continue
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return _("The JSON body is nested more than %(n)d levels deep.") % {"n": MAX_DEPTH}
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                stack.append((key, depth))
                stack.append((item, depth + 1))
    return None


def unreadable_body_message() -> str:
    return _(
        "The request body could not be read: it is not the format its Content-Type names "
        "(for example a multipart body without its parts or boundary). Check it and send it again."
    )


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser, with a message the caller can act on, in their language."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(unreadable_body_message()) from None


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("The JSON body is nested more than %(n)d levels deep.") % {"n": MAX_DEPTH}
            ) from None
        problem = body_problem(data)
        if problem:
            raise ParseError(problem)
        return data
