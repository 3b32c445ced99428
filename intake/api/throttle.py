"""Per-IP rate limits of the public API, through django-ratelimit, answered here with a 429."""

import time

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import (
    EXPIRATION_FUDGE,
    _get_ip,
    _get_window,
    _make_cache_key,
    _split_rate,
    get_usage,
)
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


def _usage(request, group: str) -> dict | None:
    """django-ratelimit's `get_usage(key="ip", increment=True)`: the same counter (key, window,
    expiry), counted in one round trip where the cache can (project.cache: INCR, the expiry
    set on a new counter) instead of add-then-incr's two. None: not counted (fail open)."""
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    count_up = getattr(cache, "count_up", None)
    if count_up is None or not getattr(settings, "RATELIMIT_ENABLE", True):
        return get_usage(request, group=group, key="ip", rate=_rate, increment=True)
    rate = _rate(group, request)
    limit, period = _split_rate(rate)
    value = _get_ip(request)
    window = _get_window(value, period)
    count = count_up(_make_cache_key(group, window, rate, value, ALL), period + EXPIRATION_FUDGE)
    if count is None:  # the cache is unreachable
        if getattr(settings, "RATELIMIT_FAIL_OPEN", False):
            return None
        return {"count": 0, "limit": 0, "should_limit": True, "time_left": -1}
    return {
        "count": count,
        "limit": limit,
        "should_limit": count > limit,
        "time_left": window - int(time.time()),
    }


def rate_limited(request, group: str) -> Response | None:
    """Count this request against the group's limit for its IP; a 429 response when over it."""
    usage = _usage(request, group)
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
