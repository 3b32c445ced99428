"""The Redis cache's own operations, against a real Redis (REDIS_URL; skipped without it)."""

import os
import uuid

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a real Redis")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "project.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    cache = caches["default"]
    yield cache
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(f"{cache.key_prefix}*"):  # this test's keys only, not flushdb
        client.delete(key)
    cache.close()


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache
    assert client.get_client(write=True) is client.get_client(write=True)


def test_every_request_shares_the_process_connection_pool(redis_cache, settings):
    """Under ASGI Django builds the cache object anew for each request: each used to open its
    own pool, so every request daphne served connected to Redis again."""
    from project.cache import ResilientRedisCache

    params = {"KEY_PREFIX": redis_cache.key_prefix}
    later = ResilientRedisCache(settings.CACHES["default"]["LOCATION"], params)  # the next request's
    assert later._cache.get_client(write=True) is redis_cache._cache.get_client(write=True)
    redis_cache.set("seen", 1)
    pool = later._cache._get_connection_pool(True)
    opened = pool._created_connections
    for _ in range(5):
        assert ResilientRedisCache(settings.CACHES["default"]["LOCATION"], params).get("seen") == 1
    assert pool._created_connections == opened


def test_the_next_requests_cache_counts_on_with_the_scripts_already_registered(redis_cache, settings):
    """The Lua scripts are registered once per process and server, not once per cache object
    (one per ASGI request)."""
    from project.cache import _COUNT_UP, ResilientRedisCache

    assert redis_cache.count_up("hits", 60) == 1
    later = ResilientRedisCache(
        settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": redis_cache.key_prefix}
    )
    assert later.count_up("hits", 60) == 2  # the same counter, from the next request's cache
    first, second = redis_cache._cache._server(True), later._cache._server(True)
    assert second is first
    assert list(first.scripts) == [_COUNT_UP]  # registered once, by the first request


def test_incr_counts_an_existing_key_and_refuses_a_missing_one(redis_cache):
    with pytest.raises(ValueError):
        redis_cache.incr("missing")
    assert redis_cache.get("missing") is None  # not created by the refused incr
    redis_cache.set("counter", 5)
    assert redis_cache.incr("counter") == 6
    assert redis_cache.incr("counter", 4) == 10
    assert redis_cache.get("counter") == 10


def test_count_up_starts_at_one_with_its_expiry_and_keeps_it(redis_cache):
    assert redis_cache.count_up("hits", 60) == 1
    assert redis_cache.count_up("hits", 60) == 2
    assert redis_cache.get("hits") == 2
    ttl = redis_cache._cache.get_client().ttl(redis_cache.make_key("hits"))
    assert 0 < ttl <= 60


def test_the_api_rate_limit_counts_in_redis_and_answers_429(redis_cache, client, settings, db):
    import json

    settings.INTAKE_SUBMIT_RATE = "2/h"
    body = json.dumps({"description": "短"})  # refused by validation: counted all the same
    answers = [
        client.post("/api/v1/reports/", body, content_type="application/json", REMOTE_ADDR="198.51.100.7")
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [400, 400, 429]
    assert int(answers[2]["Retry-After"]) >= 1
    other = client.post("/api/v1/reports/", body, content_type="application/json", REMOTE_ADDR="198.51.100.8")
    assert other.status_code == 400
