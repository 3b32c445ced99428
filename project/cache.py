"""The cache is a cache: when Redis cannot be reached, reads miss and writes are dropped.

Everything the cache holds (policy reads, rate-limit counters, the triage model's key) can be
read again from the database or started afresh, so a Redis outage must never refuse a report
or fail a page. django-ratelimit counts a failed cache as "no count": RATELIMIT_FAIL_OPEN lets
the request through rather than answer 429 to every resident while Redis is down.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
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


# INCRBY only an existing key (Django's incr raises ValueError for a missing one): one round
# trip instead of EXISTS then INCRBY.
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


# Count a request: INCR, and a new counter (1) gets its expiry; one round trip, where
# django-ratelimit's add-then-incr takes two.
_COUNT_UP = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return count
"""


# One connection pool and one `redis.Redis` per server and options, for the whole process.
_shared: dict[tuple, tuple] = {}
_shared_lock = threading.Lock()


class ReusedClientRedis(RedisCacheClient):
    """Django's Redis cache client, sharing its connection pool and `redis.Redis` process-wide.

    Django keeps cache objects per thread and, under ASGI, per request: each one built its own
    pool and so opened (and handshook) a new connection to Redis for every request daphne
    served. And it builds a new `redis.Redis` for every cache call, whose constructor fills
    its table of response callbacks each time: more CPU than the call's own round trip. Pools
    and clients are safe to share between threads (a command borrows a connection from the
    pool) and redis-py's pool starts afresh in a forked child.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._incr_script = None
        self._count_script = None

    def _shared_for(self, write: bool) -> tuple:
        server = self._servers[self._get_connection_pool_index(write)]
        key = (server, repr(sorted(self._pool_options.items())), self._pool_class, self._client)
        found = _shared.get(key)
        if found is None:
            with _shared_lock:
                found = _shared.get(key)
                if found is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    found = _shared[key] = (pool, self._client(connection_pool=pool))
        return found

    def _get_connection_pool(self, write):
        return self._shared_for(write)[0]

    def get_client(self, key=None, *, write=False):
        return self._shared_for(write)[1]

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        if self._incr_script is None:
            self._incr_script = client.register_script(_INCR_EXISTING)
        value = self._incr_script(keys=[key], args=[delta], client=client)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def count_up(self, key, timeout: int) -> int:
        client = self.get_client(key, write=True)
        if self._count_script is None:
            self._count_script = client.register_script(_COUNT_UP)
        return int(self._count_script(keys=[key], args=[int(timeout)], client=client))


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedis

    @_missing("count_up", None)
    def count_up(self, key, timeout: int, version=None) -> int | None:
        """Add one to the counter `key` (created at 1, expiring after `timeout` seconds) and
        return it, in one round trip; None while Redis is unreachable."""
        key = self.make_and_validate_key(key, version=version)
        return self._cache.count_up(key, timeout)

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
