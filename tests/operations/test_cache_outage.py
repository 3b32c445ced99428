"""Redis down: the cache misses and drops writes, and residents can still report."""

import socket

import pytest
from django.core.cache import caches

from intake.models import Report


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "project.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield caches["default"]
    caches["default"].close()


def test_reads_miss_and_writes_are_dropped_when_redis_is_unreachable(cache_down):
    assert cache_down.get("key", "fallback") == "fallback"
    assert cache_down.get_many(["a", "b"]) == {}
    assert cache_down.has_key("key") is False
    assert cache_down.set("key", 1) is None
    assert cache_down.add("key", 1) is False
    assert cache_down.delete("key") is False
    assert cache_down.get_or_set("key", 5) == 5
    with pytest.raises(ValueError):
        cache_down.incr("key")
    assert cache_down.count_up("key", 60) is None


def test_a_warning_names_the_operation_and_never_the_key(cache_down, caplog):
    import project.cache

    project.cache._last_warning = 0.0
    cache_down.get("policy:secret-key-name")
    warnings = [r for r in caplog.records if r.name == "project.cache"]
    assert len(warnings) == 1
    assert warnings[0].operation == "get" and "secret-key-name" not in warnings[0].getMessage()


def test_a_report_is_stored_and_acknowledged_while_the_cache_is_down(cache_down, submit):
    submission = submit(reporter_phone="13512345678")
    assert Report.objects.filter(pk=submission.report.pk).exists()
    assert submission.receipt


def test_the_web_form_takes_a_report_while_the_cache_is_down(cache_down, client, db):
    """Rate limits cannot count without the cache: the report goes in (RATELIMIT_FAIL_OPEN)."""
    from tests.fuzz.test_hostile_corpus import WEB_REPORT

    response = client.post("/report/", WEB_REPORT)
    assert response.status_code == 302, response.content.decode()[:1000]
    assert Report.objects.count() == 1
