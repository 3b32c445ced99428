"""Per-IP rate limits of the public API, through django-ratelimit, answered here with a 429."""

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from rest_framework import status
from rest_framework.response import Response

# Group names shared by the endpoints that count together.
SUBMIT = "intake-api:submit"
TRACK = "intake-api:track"  # both receipt endpoints: lookups and added information
SUGGEST = "intake-api:suggest"  # area suggestions: as many as filings

_RATE_SETTINGS = {SUBMIT: "INTAKE_SUBMIT_RATE", TRACK: "INTAKE_TRACK_RATE", SUGGEST: "INTAKE_SUBMIT_RATE"}


def _rate(group: str, request) -> str:
    # Read at request time so the setting can be tuned (and lowered in tests).
    return getattr(settings, _RATE_SETTINGS[group])


def rate_limited(request, group: str) -> Response | None:
    """Count this request against the group's limit for its IP; a 429 response when over it."""
    usage = get_usage(request, group=group, key="ip", rate=_rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    response = Response(
        {
            "errors": {
                "non_field_errors": [
                    _("Too many requests from your address. Please wait a while and try again.")
                ]
            }
        },
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(max(1, int(usage["time_left"])))
    return response
