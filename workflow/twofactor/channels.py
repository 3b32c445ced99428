"""WebSockets: a session that has not confirmed a second factor connects as nobody."""

from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser

from workflow.twofactor.rules import second_factor_required, session_device_verified


class SecondFactorChannelsMiddleware(BaseMiddleware):
    """Install inside channels' AuthMiddlewareStack (it needs scope["session"] and scope["user"])."""

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if second_factor_required(user) and not await session_device_verified(
            session=scope.get("session"), user=user
        ):
            scope = dict(scope, user=AnonymousUser())
        return await super().__call__(scope, receive, send)
