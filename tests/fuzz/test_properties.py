"""Property tests (hypothesis) on report_submit and the identifier validators."""

import datetime
import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from intake.models import Report
from intake.services import ReportDraft, SubjectDraft, report_submit
from intake.validators import validate_credit_code, validate_id_number, validate_mobile_phone
from tests.fuzz.conftest import TRIED

PROPERTY = settings(
    max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
DB_PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)

# Text a hostile or careless sender produces: any code point (lone surrogates and NUL
# included), control and bidi characters, markup and SQL.
TRICKY = [
    "\x00",
    "\udc00",
    "\ud800",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\x1b[31m",
    "\r\n",
    "<script>",
    "' OR 1=1 --",
]
hostile_text = st.lists(
    st.one_of(st.characters(codec=None, categories=None), st.sampled_from(TRICKY)), max_size=60
).map("".join)

# Text report_submit may store; lone surrogates and NUL have their own test below.
storable_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_characters="\x00"),
        st.sampled_from([t for t in TRICKY if t not in ("\x00", "\udc00", "\ud800")]),
    ),
    max_size=60,
).map("".join)

REGIONS = ["110105", "460003", "469003", "310101", "440305"]
CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@st.composite
def id_numbers(draw) -> str:
    born = draw(st.dates(datetime.date(1920, 1, 1), datetime.date(2010, 12, 31)))
    body = f"{draw(st.sampled_from(REGIONS))}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 characters


@st.composite
def credit_codes(draw) -> str:
    head = draw(st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "N1", "Y1"]))
    middle = draw(st.text(string.digits, min_size=6, max_size=6))
    tail = draw(st.text(CODE_ALPHABET, min_size=9, max_size=9))
    body = head + middle + tail
    return body + uscc.calc_check_digit(body)


@given(value=st.one_of(hostile_text, st.text(string.digits + "Xx -", max_size=24)))
@PROPERTY
def test_id_number_validator_refuses_cleanly_or_returns_a_valid_number(value):
    TRIED["property validators"] += 1
    try:
        number = validate_id_number(value)
    except ValidationError as exc:
        assert exc.messages and all(message.strip() for message in exc.messages)
    else:
        assert len(number) == 18 and ric.calc_check_digit(number) == number[17]
        assert validate_id_number(number) == number


@given(number=id_numbers(), position=st.integers(0, 16), digit=st.sampled_from(string.digits))
@PROPERTY
def test_every_valid_id_number_is_accepted_and_one_changed_digit_is_caught(number, position, digit):
    TRIED["property validators"] += 1
    assert validate_id_number(number.lower()) == number
    changed = number[:position] + digit + number[position + 1 :]
    if changed != number and ric.calc_check_digit(changed) != changed[17]:
        with pytest.raises(ValidationError):
            validate_id_number(changed)


@given(value=st.one_of(hostile_text, st.text(CODE_ALPHABET + "abc -", max_size=24)))
@PROPERTY
def test_credit_code_validator_refuses_cleanly_or_returns_a_valid_code(value):
    TRIED["property validators"] += 1
    try:
        code = validate_credit_code(value)
    except ValidationError as exc:
        assert exc.messages
    else:
        assert len(code) == 18 and uscc.calc_check_digit(code[:17]) == code[17]


@given(code=credit_codes(), wrong=st.sampled_from(CODE_ALPHABET))
@PROPERTY
def test_every_valid_credit_code_is_accepted_and_a_wrong_check_character_is_not(code, wrong):
    TRIED["property validators"] += 1
    assert validate_credit_code(f" {code[:9]}-{code[9:]} ".lower()) == code
    if wrong != code[17]:
        with pytest.raises(ValidationError):
            validate_credit_code(code[:17] + wrong)


@given(value=st.one_of(hostile_text, st.text(string.digits + " +-()", max_size=20)))
@PROPERTY
def test_phone_validator_refuses_cleanly_or_returns_eleven_digits(value):
    TRIED["property validators"] += 1
    try:
        phone = validate_mobile_phone(value)
    except ValidationError as exc:
        assert exc.messages
    else:
        assert len(phone) == 11 and phone.isascii() and phone.isdigit() and phone[1] in "3456789"


def _stored_text_is_clean(report: Report) -> bool:
    texts = [report.description, report.location, report.subject_name, *report.subject_contacts]
    texts += [str(value) for value in report.answers.values()]
    try:
        return all("\x00" not in text and text.encode("utf-8") for text in texts if text)
    except UnicodeEncodeError:
        return False


def _submit(area, *, description, location="", subject_name="", contacts=(), note=""):
    return report_submit(
        ReportDraft(
            source=Report.Source.WEB,
            area=area,
            description=description + "这是一段足够长的举报描述,写明了发生的事情。",
            location=location,
            subject=SubjectDraft(name=subject_name, contacts=contacts),
            answers={"note": note},
            answers_required=False,
        )
    )


@pytest.mark.django_db
@given(
    description=storable_text,
    location=storable_text,
    subject_name=storable_text,
    contacts=st.lists(storable_text, max_size=4),
    note=storable_text,
)
@DB_PROPERTY
def test_report_submit_stores_clean_text_or_refuses_and_stores_nothing(
    question_area, description, location, subject_name, contacts, note
):
    TRIED["property report_submit"] += 1
    before = Report.objects.count()
    try:
        submission = _submit(
            question_area,
            description=description,
            location=location,
            subject_name=subject_name,
            contacts=contacts,
            note=note,
        )
    except ValidationError as exc:
        assert exc.message_dict
        assert Report.objects.count() == before
    else:
        assert _stored_text_is_clean(Report.objects.get(pk=submission.report.pk))


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["\udc00", "\ud800x", "\x00"], ids=["low-surrogate", "high-surrogate", "nul"])
@pytest.mark.parametrize("field", ["description", "location", "subject_name", "contacts", "note"])
def test_report_submit_refuses_lone_surrogates_and_nul(question_area, field, bad):
    TRIED["property report_submit"] += 1
    values = {"description": ""}
    values[field] = [f"13800138000{bad}"] if field == "contacts" else f"某公司{bad}"
    before = Report.objects.count()
    with pytest.raises(ValidationError):
        _submit(question_area, **values)
    assert Report.objects.count() == before
