"""ASGI entry point: HTTP through Django, WebSockets through Channels (daphne or uvicorn)."""

import gc
import os

from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  needs the apps loaded
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from notifications.origin import SameOriginValidator  # noqa: E402
from notifications.routing import websocket_urlpatterns  # noqa: E402
from workflow.twofactor.channels import SecondFactorChannelsMiddleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Origin: a host in ALLOWED_HOSTS, and the very scheme, host and port of this site.
        "websocket": SameOriginValidator(
            AllowedHostsOriginValidator(
                AuthMiddlewareStack(SecondFactorChannelsMiddleware(URLRouter(websocket_urlpatterns)))
            )
        ),
    }
)

# What is loaded by now lives as long as the process: keep it out of the collector's full
# passes, which would otherwise walk all of Django's modules in the middle of an event's
# fan-out to the sockets (tens of ms, the tail of live updates).
gc.freeze()
