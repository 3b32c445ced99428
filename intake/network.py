"""The client's address. Forwarded headers are believed only from TRUSTED_PROXIES.

A reverse proxy appends the address it saw to X-Forwarded-For; anything to the left of it
was written by the client and proves nothing. So the chain is read from the right, skipping
our own proxies, and the first address that is not one of them is the client. With no
trusted proxies configured (the default) the header is ignored and the connection's own
address counts. django-ratelimit (RATELIMIT_IP_META_KEY), django-axes
(AXES_CLIENT_IP_CALLABLE) and the real-name reporter's address all call `client_address`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def trusted_networks() -> tuple:
    """The networks of TRUSTED_PROXIES (addresses or CIDRs); ValueError on a bad entry."""
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _address(value: str) -> Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.5:443
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address: Address, networks) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request) -> str:
    """The address of whoever sent this request, as far as our own proxies can vouch for it."""
    # No peer address (a Unix socket without a proxy): one shared, unknown address.
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    networks = trusted_networks()
    peer = _address(remote)
    if not networks or peer is None or not _trusted(peer, networks):
        return remote
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # not written by a proxy of ours: the last trusted hop is all we know
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
