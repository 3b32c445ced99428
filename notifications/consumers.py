"""WebSocket consumers: read-only, permission checked in connect with the views' selectors.

Each pushes `{"event": ..., "<name>_id": ...}` and nothing else; the page refetches what
it may see over HTTP.
"""

from collections import deque

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from notifications import selectors

FORBIDDEN = 4403


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
