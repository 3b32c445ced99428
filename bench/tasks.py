"""The no-op task: the baseline of deliveries per second (bench/notifications.py). A worker
imports it with `--include bench.tasks`; it only counts itself in Redis, so the bench knows
when all have run."""

import os

import redis
from celery import shared_task

_client = None


@shared_task(name="bench.noop", acks_late=True, ignore_result=True)
def noop(counter: str) -> None:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(os.environ["REDIS_URL"])
    _client.incr(counter)
