"""Senders behind one interface, one per channel, chosen by settings.NOTIFICATIONS_SENDERS.

A sender gets an `Envelope` with the decrypted address inside the sending task only. It
raises `SenderUnavailable` for what may work later (the task retries with backoff) and
`SenderRejected` for what never will (the message is marked failed at once). Error texts
must not contain the address: the outbox keeps them.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string


class SenderUnavailable(Exception):
    """The gateway or server could not take the message now; try again later."""


class SenderRejected(Exception):
    """The message can never be delivered as it is (bad address, not configured, ...)."""


@dataclass(frozen=True)
class Envelope:
    message_id: int
    channel: str
    kind: str
    address: str = field(repr=False)
    subject: str = ""
    body: str = ""
    user_id: int | None = None
    case_id: int | None = None
    context: dict = field(default_factory=dict)


class Sender:
    """Delivers one envelope or raises SenderUnavailable / SenderRejected."""

    def send(self, envelope: Envelope) -> None:  # pragma: no cover - interface
        raise NotImplementedError


@lru_cache(maxsize=16)
def _sender(path: str, channel: str) -> Sender:
    factory = import_string(path)
    try:
        return factory(channel=channel)
    except TypeError:
        return factory()


def sender_for(channel: str) -> Sender:
    """The configured sender of `channel` (one instance per process and setting)."""
    try:
        path = settings.NOTIFICATIONS_SENDERS[channel]
    except KeyError:
        raise SenderRejected(f"no sender configured for channel {channel!r}") from None
    return _sender(path, channel)
