"""Live updates: events published through the channel layer after commit.

Payloads carry an event type and ids only; pages refetch what they may see over HTTP.
Groups: one per user (their inbox and notices), per bureau (its queue), per role queue
(triage, supervisors' steps), per case (its page) and for the dashboard counters one for
supervisors and one per bureau for its heads (`supervision_groups`).
"""

import asyncio
import logging
import os
import threading
import uuid

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import transaction

from workflow.permissions import ROLE_TASK_PERMISSIONS

logger = logging.getLogger(__name__)

SUPERVISION_GROUP = "supervision"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def bureau_group(bureau_id: int) -> str:
    return f"bureau.{bureau_id}"


def supervision_group(bureau_id: int | None = None) -> str:
    """The dashboard's group: every bureau's events (supervisors), or one bureau's (its heads)."""
    return SUPERVISION_GROUP if bureau_id is None else f"{SUPERVISION_GROUP}.{bureau_id}"


def supervision_groups(bureau_id: int | None) -> list[str]:
    """Where a dashboard event about `bureau_id` goes: supervisors, and that bureau's heads."""
    return [supervision_group(), supervision_group(bureau_id) if bureau_id else None]


def case_group(case_id: int) -> str:
    return f"case.{case_id}"


# Queues kept by a role, not a bureau: the complaint centre's triage, the supervisors' steps.
ROLE_QUEUES = ROLE_TASK_PERMISSIONS


def permission_group(permission: str) -> str:
    """The group of those who may take tasks that wait under `permission` (a role's queue)."""
    return f"perm.{permission}"


def live_publish(groups, event: str, **ids) -> None:
    """Send `event` with `ids` to `groups` once the current transaction commits."""
    groups = [group for group in dict.fromkeys(groups) if group]
    if not groups:
        return
    # `eid` lets a socket that is in several of the groups pass the event on once.
    payload = {"type": "live.event", "event": event, "eid": uuid.uuid4().hex}
    payload.update({key: value for key, value in ids.items() if value is not None})

    def publish() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            _send(layer, groups, payload)
        except Exception:  # a live update is a courtesy: the page still shows it on reload
            logger.warning("live update not published", extra={"event": event}, exc_info=True)

    transaction.on_commit(publish)


PUBLISH_TIMEOUT = 5.0


async def _group_send_all(layer, groups: list[str], payload: dict) -> None:
    await asyncio.gather(*(layer.group_send(group, payload) for group in groups))


def _send(layer, groups: list[str], payload: dict) -> None:
    if isinstance(layer, InMemoryChannelLayer):  # the embedded default and tests: one process
        async_to_sync(_group_send_all)(layer, groups, payload)
        return
    # async_to_sync would start a thread and an event loop, and the layer a Redis connection,
    # for every event (tens of ms under load, the tail of live updates): one loop per process
    # keeps its connections open. Waiting for it keeps a short-lived process (a command) from
    # exiting before its events left.
    _publisher.run(_group_send_all(layer, groups, payload), timeout=PUBLISH_TIMEOUT)


class _Publisher:
    """An event loop in a daemon thread of this process (started again after a fork)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.pid = 0

    def _loop(self) -> asyncio.AbstractEventLoop:
        with self.lock:
            if self.loop is None or self.pid != os.getpid():
                self.loop = asyncio.new_event_loop()
                self.pid = os.getpid()
                threading.Thread(target=self.loop.run_forever, name="live-publish", daemon=True).start()
            return self.loop

    def run(self, coroutine, *, timeout: float) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop()).result(timeout=timeout)


_publisher = _Publisher()
