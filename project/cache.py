"""The cache is a cache: when Redis cannot be reached, reads miss and writes are dropped.

Everything the cache holds (policy reads, rate-limit counters, the triage model's key) can be
read again from the database or started afresh, so a Redis outage must never refuse a report
or fail a page. django-ratelimit counts a failed cache as "no count": RATELIMIT_FAIL_OPEN lets
the request through rather than answer 429 to every resident while Redis is down.
"""

import logging
import threading
import time
from dataclasses import dataclass, field

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import ConnectionPool, Redis
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


@dataclass
class _Server:
    """What a process keeps per Redis server and options: one pool, one client and the
    client's registered scripts."""

    pool: ConnectionPool
    client: Redis
    scripts: dict = field(default_factory=dict)

    def script(self, source: str):
        found = self.scripts.get(source)
        if found is None:
            found = self.scripts[source] = self.client.register_script(source)
        return found


_servers: dict[tuple, _Server] = {}
_servers_lock = threading.Lock()


class ReusedClientRedis(RedisCacheClient):
    """Django's Redis cache client, sharing its pool, client and scripts process-wide.

    Django keeps cache objects per thread and, under ASGI, per request: each one built its own
    pool and so opened (and handshook) a new connection to Redis for every request daphne
    served. And it builds a new `redis.Redis` for every cache call, whose constructor fills
    its table of response callbacks each time: more CPU than the call's own round trip. Pools
    and clients are safe to share between threads (a command borrows a connection from the
    pool) and redis-py's pool starts afresh in a forked child.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._mine: dict[bool, _Server] = {}  # this instance's lookups of `_servers`

    def _server(self, write: bool) -> _Server:
        found = self._mine.get(write)
        if found is None:
            url = self._servers[self._get_connection_pool_index(write)]
            key = (url, repr(sorted(self._pool_options.items())), self._pool_class, self._client)
            with _servers_lock:
                found = _servers.get(key)
                if found is None:
                    pool = self._pool_class.from_url(url, **self._pool_options)
                    found = _servers[key] = _Server(pool, self._client(connection_pool=pool))
            self._mine[write] = found
        return found

    def _get_connection_pool(self, write):
        return self._server(write).pool

    def get_client(self, key=None, *, write=False):
        return self._server(write).client

    def incr(self, key, delta):
        server = self._server(True)
        value = server.script(_INCR_EXISTING)(keys=[key], args=[delta], client=server.client)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def count_up(self, key, timeout: int) -> int:
        server = self._server(True)
        return int(server.script(_COUNT_UP)(keys=[key], args=[int(timeout)], client=server.client))


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
