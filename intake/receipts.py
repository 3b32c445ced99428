"""Receipt codes: 100 random bits in Crockford base32, shown once, stored as a keyed hash."""

import re
import secrets

from intake.crypto import keyed_hash

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_LENGTH = 20  # 20 x 5 bits = 100 bits
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def receipt_new() -> str:
    bits = secrets.randbits(5 * _LENGTH)  # one read of the system's randomness, not twenty
    code = "".join(_ALPHABET[(bits >> (5 * i)) & 31] for i in range(_LENGTH))
    return "-".join(code[i : i + 4] for i in range(0, _LENGTH, 4))


def receipt_normalize(value: str) -> str:
    """Read a receipt as a person types it: any case, spaces or dashes, O for 0."""
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper()).translate(_CONFUSABLE)


def receipt_hash(value: str) -> str:
    return keyed_hash(receipt_normalize(value), purpose="receipt")


def receipt_is_well_formed(value: str) -> bool:
    code = receipt_normalize(value)
    return len(code) == _LENGTH and all(c in _ALPHABET for c in code)
