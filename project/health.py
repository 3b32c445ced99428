"""Liveness and readiness for the load balancer: cheap, unauthenticated, revealing nothing.

`/healthz` answers while the process can answer at all. `/readyz` checks what a web process
needs to serve (database, cache and channel layer Redis, broker, evidence store) and reports
the background (a worker answering, beat alive by its last run) without failing on it: a dead
worker must not take every web process out of the load balancer. Each check says "ok" or
"fail", never why: errors go to the log.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from project.celery import app

logger = logging.getLogger(__name__)

BEAT_HEARTBEAT_KEY = "operations:beat-heartbeat"
WORKER_PING_CACHE_KEY = "operations:worker-ping"
STORE_PROBE_NAME = "health/probe.txt"


def check_database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_redis() -> bool:
    if not settings.REDIS_URL:
        return True  # the embedded default keeps cache and channel layer in the process
    key = f"operations:ping:{uuid.uuid4().hex}"
    cache.set(key, 1, 5)
    return cache.get(key) == 1


def app_control():

    return app.control


def check_broker() -> bool:

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return conn.connected


def check_store() -> bool:
    if not default_storage.exists(STORE_PROBE_NAME):
        default_storage.save(STORE_PROBE_NAME, ContentFile(b"ok"))
    with default_storage.open(STORE_PROBE_NAME, "rb") as handle:
        return handle.read() == b"ok"


def check_worker() -> bool:
    """A worker answered a ping in the last half minute (the answer is cached across processes)."""
    if cache.get(WORKER_PING_CACHE_KEY):
        return True
    answered = bool(app_control().ping(timeout=0.5))
    if answered:
        cache.set(WORKER_PING_CACHE_KEY, True, 30)
    return answered


def check_beat() -> bool:
    """Beat ran its heartbeat task within three of its intervals."""
    last = cache.get(BEAT_HEARTBEAT_KEY)
    return bool(last) and time.time() - last < 3 * settings.OPERATIONS_BEAT_HEARTBEAT_SECONDS


def beat_heartbeat() -> None:
    cache.set(BEAT_HEARTBEAT_KEY, time.time(), None)


ESSENTIAL = {"database": check_database, "redis": check_redis, "broker": check_broker, "store": check_store}
BACKGROUND = {"worker": check_worker, "beat": check_beat}


def _run(checks) -> dict[str, str]:
    results = {}
    for name, check in checks.items():
        try:
            results[name] = "ok" if check() else "fail"
        except Exception:
            logger.warning("readiness check failed", extra={"check": name}, exc_info=True)
            results[name] = "fail"
    return results


@never_cache
@require_GET
def liveness(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readiness(request):
    essential = _run(ESSENTIAL)
    background = _run(BACKGROUND)
    ready = all(value == "ok" for value in essential.values())
    status = (
        "ok" if ready and all(v == "ok" for v in background.values()) else ("degraded" if ready else "fail")
    )
    body = {"status": status, "checks": essential | background, "time": timezone.now().isoformat()}
    return JsonResponse(body, status=200 if ready else 503)
