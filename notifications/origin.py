"""WebSockets only from pages of this site: scheme, host and port of Origin must be those
of the Host the browser connected to (or a CSRF_TRUSTED_ORIGINS entry).

Channels' AllowedHostsOriginValidator compares the Origin's host name with ALLOWED_HOSTS
and ignores the port, so a page served by any other program on the same host
(`http://127.0.0.1:6666`) could open the officers' live sockets with their cookies.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _netloc(host: str, port: int | None, scheme: str) -> tuple[str, int | None]:
    return host.lower(), port or DEFAULT_PORTS.get(scheme)


def origin_allowed(origin: str, host_header: str) -> bool:
    """Whether a browser page at `origin` may open a socket to this server reached as `host_header`."""
    if not origin or not host_header or origin == "null":
        return False
    if origin.rstrip("/") in {trusted.rstrip("/") for trusted in settings.CSRF_TRUSTED_ORIGINS}:
        return True
    try:
        page = urlsplit(origin)
        server = urlsplit(f"//{host_header}")
        page_port, server_port = page.port, server.port
    except ValueError:
        return False
    if page.scheme not in ("http", "https") or not page.hostname or not server.hostname:
        return False
    # The Host header carries no scheme: a port left out is the default of the page's scheme.
    return _netloc(page.hostname, page_port, page.scheme) == _netloc(
        server.hostname, server_port, page.scheme
    )


class SameOriginValidator:
    """ASGI middleware: deny a WebSocket handshake whose Origin is not this site."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            headers = dict(scope.get("headers", []))
            origin = headers.get(b"origin", b"").decode("latin1")
            host = headers.get(b"host", b"").decode("latin1")
            if not origin_allowed(origin, host):
                return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
