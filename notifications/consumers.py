"""WebSocket consumers: read-only, permission checked in connect with the views' selectors.

Each pushes `{"event": ..., "<name>_id": ...}` and nothing else; the page refetches what
it may see over HTTP. The database is read at connect only: an event reaches the socket
without a query and without a hop to the database thread.
"""

from collections import deque

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from notifications import selectors

FORBIDDEN = 4403

# Messages whose handlers never touch the database. Channels runs `close_old_connections` on
# its single database thread before every message it dispatches; for an event sent to every
# socket of a process that lines the sockets up behind one thread, one after the other (the
# tail of live updates, bench/notifications.py). Connect and disconnect keep it.
WITHOUT_DATABASE = frozenset({"live.event", "websocket.receive"})


class LiveConsumer(AsyncJsonWebsocketConsumer):
    def groups_for(self, user) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    async def connect(self):
        user = self.scope.get("user")
        groups = await database_sync_to_async(self.groups_for)(user) if user else []
        if not groups:
            await self.close(code=FORBIDDEN)
            return
        self.live_groups = groups
        self.seen = deque(maxlen=64)
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def dispatch(self, message):
        if message["type"] in WITHOUT_DATABASE:
            await getattr(self, get_handler_name(message))(message)
            return
        await super().dispatch(message)

    async def disconnect(self, code):
        for group in getattr(self, "live_groups", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""

    async def live_event(self, message):
        if message.get("eid") in self.seen:
            return
        self.seen.append(message.get("eid"))
        await self.send_json({key: value for key, value in message.items() if key not in ("type", "eid")})


class InboxConsumer(LiveConsumer):
    """/ws/inbox/: the officer's own tasks and notices, and their bureau's queue."""

    def groups_for(self, user):
        return selectors.live_groups_inbox(user=user)


class CaseConsumer(LiveConsumer):
    """/ws/cases/<reference>/: changes to one case, for those who may see it."""

    def groups_for(self, user):
        return selectors.live_groups_case(user=user, reference=self.scope["url_route"]["kwargs"]["reference"])


class SupervisionConsumer(LiveConsumer):
    """/ws/supervision/: dashboard counters, for whom the dashboard shows them (its scope)."""

    def groups_for(self, user):
        return selectors.live_groups_supervision(user=user)
