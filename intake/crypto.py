"""Encryption at rest and keyed hashes for reporter identity and receipts.

FIELD_ENCRYPTION_KEY holds one or more Fernet keys separated by commas; the first
encrypts, all decrypt (MultiFernet), so keys can be rotated. Keyed hashes use
FIELD_HASH_KEY when set, else a key derived from the first encryption key: set
FIELD_HASH_KEY explicitly before rotating encryption keys, or lookups break.
"""

import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: str) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])


@lru_cache(maxsize=4)
def _hash_key(keys: str, explicit: str) -> bytes:
    if explicit:
        return explicit.encode()
    first = keys.split(",")[0].strip().encode()
    return hashlib.sha256(b"keyed-hash:" + first).digest()


def encrypt(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt field: wrong FIELD_ENCRYPTION_KEY") from exc


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of a normalised value; `purpose` keeps hashes of different kinds apart."""
    key = _hash_key(settings.FIELD_ENCRYPTION_KEY, os.environ.get("FIELD_HASH_KEY", ""))
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def newest_key_fingerprint() -> str:
    """A short, non-secret name of the key that encrypts now (for rotation checkpoints)."""
    first = settings.FIELD_ENCRYPTION_KEY.split(",")[0].strip().encode()
    return hashlib.sha256(b"fingerprint:" + first).hexdigest()[:12]


def rotate(token: str) -> str | None:
    """`token` re-encrypted under the newest key, or None when it is under that key already.
    ValueError when no configured key opens it."""
    keys = [key.strip() for key in settings.FIELD_ENCRYPTION_KEY.split(",") if key.strip()]
    try:
        Fernet(keys[0].encode()).decrypt(token.encode())
        return None
    except InvalidToken:
        pass
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt field: no configured FIELD_ENCRYPTION_KEY opens it") from exc
