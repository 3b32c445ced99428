"""The cache is a cache: when Redis cannot be reached, reads miss and writes are dropped.

Everything the cache holds (policy reads, rate-limit counters, the triage model's key) can be
read again from the database or started afresh, so a Redis outage must never refuse a report
or fail a page. django-ratelimit counts a failed cache as "no count": RATELIMIT_FAIL_OPEN lets
the request through rather than answer 429 to every resident while Redis is down.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_WARN_EVERY = 60.0  # seconds between warnings while Redis stays down
_last_warning = 0.0


def _unreachable(operation: str, exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= _WARN_EVERY:
        _last_warning = now
        logger.warning(
            "cache unreachable, going on without it",
            extra={"operation": operation, "error": type(exc).__name__},
        )


def _missing(operation: str, fallback):
    """Wrap a RedisCache method: on an unreachable Redis, log (at most once a minute) and
    answer `fallback` (a value, or an exception class to raise)."""

    def decorate(method):
        def wrapped(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                _unreachable(operation, exc)
                if isinstance(fallback, type) and issubclass(fallback, Exception):
                    raise fallback(f"cache unreachable: {type(exc).__name__}") from None
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        wrapped.__name__ = method.__name__
        wrapped.__doc__ = method.__doc__
        return wrapped

    return decorate


def _default_of(key, default=None, version=None):
    return default


class ResilientRedisCache(RedisCache):
    get = _missing("get", _default_of)(RedisCache.get)
    get_many = _missing("get_many", {})(RedisCache.get_many)
    has_key = _missing("has_key", False)(RedisCache.has_key)
    set = _missing("set", None)(RedisCache.set)
    set_many = _missing("set_many", lambda data, *a, **k: list(data))(RedisCache.set_many)
    add = _missing("add", False)(RedisCache.add)
    touch = _missing("touch", False)(RedisCache.touch)
    delete = _missing("delete", False)(RedisCache.delete)
    delete_many = _missing("delete_many", None)(RedisCache.delete_many)
    # Django raises ValueError for a missing key: callers already handle it (and a counter
    # that cannot be counted is a missing one).
    incr = _missing("incr", ValueError)(RedisCache.incr)
    decr = _missing("decr", ValueError)(RedisCache.decr)
    clear = _missing("clear", False)(RedisCache.clear)
