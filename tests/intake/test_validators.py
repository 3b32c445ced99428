import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from intake.validators import (
    mask_id_number,
    normalize_phone,
    validate_credit_code,
    validate_id_number,
    validate_mobile_phone,
)

# GB 32100-2015, computed here independently of the code under test.
_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_check(body: str) -> str:
    total = sum(_CODE_ALPHABET.index(c) * w for c, w in zip(body, _CODE_WEIGHTS, strict=False))
    return _CODE_ALPHABET[(31 - total % 31) % 31]


# GB 11643-1999.
def id_check(body: str) -> str:
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(body))
    return "10X98765432"[total % 11]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# -- unified social credit code ------------------------------------------------------------

PUBLISHED_CODES = [
    "91110000600037341L",  # the example in the standard's literature
    "91350100M000100Y43",
    "91370000728611939A",  # a listed pharmaceutical company
    "531000005000160090",  # a foundation registered with civil affairs (5 = civil affairs)
    "91110108551385082Q",  # a Beijing technology company
]
# Registering department is a letter (Y other, A central, N agriculture): check character
# computed from the body with the algorithm above.
LETTER_FIRST_BODIES = ["Y1460400MB1234567", "A1110000MA0000001", "N2460400MF1234567", "N1469003MA5T000AB"]


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_published_credit_codes_are_accepted(code):
    assert credit_check(code[:17]) == code[17]
    assert validate_credit_code(code) == code


@pytest.mark.parametrize("body", LETTER_FIRST_BODIES)
def test_credit_code_with_letter_registering_department_is_accepted(body):
    code = body + credit_check(body)
    assert validate_credit_code(code) == code


def test_credit_code_is_normalised_from_lower_case_and_spaces():
    assert validate_credit_code(" 9135 0100m0 00100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize("code", PUBLISHED_CODES + [b + credit_check(b) for b in LETTER_FIRST_BODIES])
def test_credit_code_with_wrong_check_character_is_refused(code):
    wrong = next(c for c in "0123456789ABC" if c != code[17])
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code[:17] + wrong)
    assert exc.value.code == "checksum"
    assert "check character" in exc.value.messages[0]


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_credit_code_with_letters_outside_the_alphabet_is_refused(letter):
    code = "91350100M000100Y43"
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code[:9] + letter + code[10:])
    assert exc.value.code == "format"


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100Y433", ""])
def test_credit_code_of_wrong_length_is_refused(code):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.messages == ["A unified social credit code has 18 characters."]


def test_credit_code_with_letters_in_the_region_part_is_refused():
    body = "91A50100M000100Y4"
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(body + credit_check(body))
    assert exc.value.code == "format"


# -- resident identity number ---------------------------------------------------------------

VALID_ID_NUMBERS = [
    "11010519491231002X",  # the standard's own example, check X
    "110101199003074477",
    "460400201606121236",  # Danzhou since 2015
    "469003200002290064",  # Danzhou 2002-2015, born on a leap day before the code existed
    "46900319850612123X",
    "460033197001011233",  # Hainan codes start in 1988: the holder was born before them
]


@pytest.mark.parametrize("number", VALID_ID_NUMBERS)
def test_valid_identity_numbers_are_accepted(number):
    assert id_check(number[:17]) == number[17]
    assert validate_id_number(number) == number


@pytest.mark.parametrize("region", ["999999", "469999", "000000"])
def test_identity_number_from_a_region_that_never_existed_is_refused(region):
    body = f"{region}19850612123"
    with pytest.raises(ValidationError) as exc:
        validate_id_number(body + id_check(body))
    assert exc.value.messages == ["The region in this identity number is not valid."]


def test_identity_number_check_x_is_accepted_in_lower_case():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize("number", VALID_ID_NUMBERS)
def test_identity_number_with_wrong_check_digit_is_refused(number):
    wrong = next(c for c in "0123456789X" if c != number[17])
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number[:17] + wrong)
    assert exc.value.messages == ["The check digit of this identity number is wrong; please check it."]


def test_identity_number_with_impossible_birth_date_is_refused():
    body = "46040019900230123"  # 30 February
    with pytest.raises(ValidationError) as exc:
        validate_id_number(body + id_check(body))
    assert "birth date" in exc.value.messages[0]


def test_identity_number_born_on_february_29_of_a_common_year_is_refused():
    body = "46040020010229123"
    with pytest.raises(ValidationError):
        validate_id_number(body + id_check(body))


def test_identity_number_with_future_birth_date_is_refused():
    future = datetime.date.today() + datetime.timedelta(days=400)
    body = f"460400{future:%Y%m%d}123"
    with pytest.raises(ValidationError) as exc:
        validate_id_number(body + id_check(body))
    assert "birth date" in exc.value.messages[0]


@pytest.mark.parametrize("number", ["11010519491231002", "11010519491231002X1", "110105491231002"])
def test_identity_number_of_wrong_length_is_refused(number):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert exc.value.messages == ["A resident identity number has 18 characters."]


@pytest.mark.parametrize("number", ["1101051949123100AX", "A1010519491231002X", "110105194912310X2X"])
def test_identity_number_with_letters_is_refused(number):
    with pytest.raises(ValidationError):
        validate_id_number(number)


def test_identity_number_is_masked_for_display():
    assert mask_id_number("11010519491231002X") == "1101**********002X"


# -- mobile phone ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, phone",
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_mainland_mobile_numbers_are_accepted_and_normalised(raw, phone):
    assert validate_mobile_phone(raw) == phone


@pytest.mark.parametrize(
    "raw", ["12812345678", "1381234567", "138123456789", "0898-23456789", "abcdefghijk", ""]
)
def test_other_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as exc:
        validate_mobile_phone(raw)
    assert exc.value.messages == ["Enter an 11-digit mainland mobile number."]


def test_landline_is_only_normalised_where_no_mobile_is_required():
    assert normalize_phone("(0898) 2345-6789") == "089823456789"
