"""Identifier checks: unified social credit code (GB 32100-2015) and resident ID (GB 11643-1999)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

# The code alphabet of GB 32100-2015: digits and capitals without I, O, Z, S, V.
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
_PHONE = re.compile(r"^1[3-9]\d{9}$")
# What no stored text may hold: C0 controls but tab, line feed and carriage return (NUL among
# them, which PostgreSQL refuses), DEL and the C1 controls, lone UTF-16 surrogates (not
# characters: a page holding one cannot be encoded) and the two noncharacters XML forbids.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_unstorable_characters(value: str) -> bool:
    return bool(_UNSTORABLE.search(value))


def _holds_unstorable(value) -> bool:
    if isinstance(value, str):
        return has_unstorable_characters(value)
    if isinstance(value, dict):
        return any(_holds_unstorable(str(key)) or _holds_unstorable(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(_holds_unstorable(item) for item in value)
    return False


def validate_plain_text(value):
    """Text from outside (a string, or a list or dict of them) that may be stored and shown
    anywhere: pages, XML, CSV, PostgreSQL."""
    if _holds_unstorable(value):
        raise ValidationError(
            _(
                "This text holds control characters or broken Unicode that cannot be stored; please retype it."
            ),
            code="unstorable",
        )
    return value


def strip_unstorable_characters(value: str) -> str:
    """The text without the characters validate_plain_text refuses (for output formats)."""
    return _UNSTORABLE.sub("", value)


def normalize_credit_code(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def validate_credit_code(value: str) -> str:
    """Accept any well-formed code with a right check character.

    python-stdnum's `uscc.validate` demands digits in the first two places and so refuses
    valid codes whose registering department is a letter (A-G, N, Y); only its check
    character computation is used here.
    """
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="length")
    if not _CREDIT_CODE.match(code):
        raise ValidationError(
            _("This is not a unified social credit code: it has characters that do not belong."),
            code="format",
        )
    if uscc.calc_check_digit(code[:17]) != code[17]:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong; please check it."),
            code="checksum",
        )
    return code


def normalize_id_number(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def validate_id_number(value: str) -> str:
    """A resident identity number: format, check digit, a real birth date not in the future, region.

    The region is checked to exist, not to have existed in the birth year as python-stdnum's
    `ric.validate` demands: numbers are issued with the region code in force at issue, so a
    Danzhou resident born in 1980 holds 469003 (in use 2002-2015) and must be accepted.
    """
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(_("A resident identity number has 18 characters."), code="length")
    if not _ID_NUMBER.match(number):
        raise ValidationError(_("An identity number has 17 digits followed by a digit or X."), code="invalid")
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            _("The check digit of this identity number is wrong; please check it."), code="invalid"
        )
    try:
        born = ric.get_birth_date(number)
    except StdnumError:
        born = None
    if born is None or born > timezone.localdate() or born < datetime.date(1900, 1, 1):
        raise ValidationError(_("The birth date in this identity number is not valid."), code="birth")
    if not _region_exists(number[:6]):
        raise ValidationError(_("The region in this identity number is not valid."), code="region")
    return number


def _region_exists(code: str) -> bool:
    """Whether a six-digit administrative division code was ever in use (GB/T 2260)."""
    parts = numdb.get("cn/loc").info(code)
    return any("county" in properties for _, properties in parts)


def normalize_phone(value: str) -> str:
    digits = re.sub(r"[\s()+-]", "", value or "")
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def validate_mobile_phone(value: str) -> str:
    phone = normalize_phone(value)
    if not _PHONE.match(phone):
        raise ValidationError(_("Enter an 11-digit mainland mobile number."), code="phone")
    return phone


def mask_id_number(number: str) -> str:
    """4601**********123X: enough to recognise, not enough to use."""
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}" if len(number) > 8 else "****"
