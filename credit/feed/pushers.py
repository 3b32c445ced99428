"""Pushers hand a batch's files to the credit platform and return its receipt.

Chosen by dotted path in `settings.CREDIT_FEED_PUSHER`. A pusher raises PushUnavailable when
trying again later may succeed (the task retries with backoff) and PushRefused when the
platform refused the batch (no retry; the batch is marked failed for an operator).
"""

import hashlib
from pathlib import Path

import requests
from django.conf import settings
from django.utils.module_loading import import_string


class PushUnavailable(Exception):
    """The platform could not be reached or asked us to come back later."""


class PushRefused(Exception):
    """The platform refused the batch."""


class Pusher:
    def push(self, *, day, csv_bytes: bytes, xlsx_bytes: bytes) -> str:
        """Deliver the batch of `day`; return the platform's receipt."""
        raise NotImplementedError


class DirectoryPusher(Pusher):
    """Drops the files into a directory another system picks up (the embedded default).
    The receipt is the file name with the SHA-256 of the CSV."""

    def push(self, *, day, csv_bytes: bytes, xlsx_bytes: bytes) -> str:
        directory = Path(settings.CREDIT_FEED_DIRECTORY)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            name = f"penalties-{day:%Y%m%d}"
            (directory / f"{name}.xlsx").write_bytes(xlsx_bytes)
            (directory / f"{name}.csv").write_bytes(csv_bytes)
        except OSError as exc:
            raise PushUnavailable(type(exc).__name__) from None
        return f"{name}.csv sha256:{hashlib.sha256(csv_bytes).hexdigest()}"


class HttpPusher(Pusher):
    """POSTs the CSV to `CREDIT_FEED_URL` with a bearer token; the answer's `receipt` is kept."""

    def push(self, *, day, csv_bytes: bytes, xlsx_bytes: bytes) -> str:
        try:
            response = requests.post(
                settings.CREDIT_FEED_URL,
                headers={"Authorization": f"Bearer {settings.CREDIT_FEED_TOKEN}"},
                files={"file": (f"penalties-{day:%Y%m%d}.csv", csv_bytes, "text/csv; charset=utf-8")},
                data={"day": day.isoformat()},
                timeout=settings.CREDIT_FEED_TIMEOUT,
            )
        except requests.RequestException as exc:
            raise PushUnavailable(type(exc).__name__) from None
        if response.status_code == 429 or response.status_code >= 500:
            raise PushUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise PushRefused(f"HTTP {response.status_code}")
        try:
            receipt = str(response.json()["receipt"])
        except (ValueError, KeyError, TypeError):
            raise PushRefused("answer without a receipt") from None
        return receipt[:200]


def pusher() -> Pusher:
    return import_string(settings.CREDIT_FEED_PUSHER)()
