"""Senders for tests: one that always fails, one that fails a few times, one that refuses.
Also used by the integration tests' worker (a sender that blocks on a flag file)."""

import os
import time
from pathlib import Path

from notifications.senders import Envelope, Sender, SenderRejected, SenderUnavailable
from notifications.senders.files import FileSender

CALLS: list[int] = []


class BrokenSender(Sender):
    def __init__(self, channel: str = "sms"):
        self.channel = channel

    def send(self, envelope: Envelope) -> None:
        CALLS.append(envelope.message_id)
        raise SenderUnavailable("gateway down for maintenance")


class FlakySender(FileSender):
    """Fails the first two attempts of every message, then writes it like the file sender."""

    failures: dict[int, int] = {}

    def send(self, envelope: Envelope) -> None:
        seen = self.failures.get(envelope.message_id, 0)
        if seen < 2:
            self.failures[envelope.message_id] = seen + 1
            raise ConnectionError("connection reset")
        super().send(envelope)


class RefusingSender(Sender):
    def __init__(self, channel: str = "sms"):
        self.channel = channel

    def send(self, envelope: Envelope) -> None:
        CALLS.append(envelope.message_id)
        raise SenderRejected("number is not a mobile phone")


class LeakyErrorSender(Sender):
    """A gateway whose error text quotes the address (as some SMTP servers do)."""

    def __init__(self, channel: str = "email"):
        self.channel = channel

    def send(self, envelope: Envelope) -> None:
        raise SenderUnavailable(f"mailbox {envelope.address} is full")


class GatedFileSender(FileSender):
    """Writes like the file sender, but first announces itself and waits while the gate file
    exists: the integration test kills the worker while it waits."""

    def send(self, envelope: Envelope) -> None:
        gate = Path(os.environ["NOTIFY_TEST_GATE"])
        (gate.parent / f"started-{envelope.message_id}-{os.getpid()}").touch()
        deadline = time.monotonic() + 120
        while gate.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        super().send(envelope)
