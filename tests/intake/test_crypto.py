import pytest
from cryptography.fernet import Fernet
from django.db import connection

from intake import crypto
from intake.models import Report
from intake.receipts import receipt_hash, receipt_is_well_formed, receipt_new, receipt_normalize


def test_encrypted_value_is_not_the_plain_text_and_decrypts_back():
    token = crypto.encrypt("张三 13812345678")
    assert "张三" not in token and "13812345678" not in token
    assert crypto.decrypt(token) == "张三 13812345678"


def test_same_value_encrypts_differently_each_time():
    assert crypto.encrypt("张三") != crypto.encrypt("张三")


def test_old_values_still_decrypt_after_a_key_rotation(settings):
    old = settings.FIELD_ENCRYPTION_KEY
    token = crypto.encrypt("李四")
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    assert crypto.decrypt(token) == "李四"
    fresh = crypto.encrypt("李四")
    settings.FIELD_ENCRYPTION_KEY = new  # new values use the first key
    assert crypto.decrypt(fresh) == "李四"


def test_a_wrong_key_raises_a_clear_error(settings):
    token = crypto.encrypt("王五")
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(ValueError, match="FIELD_ENCRYPTION_KEY"):
        crypto.decrypt(token)


def test_keyed_hash_is_stable_and_separated_by_purpose():
    assert crypto.keyed_hash("13812345678", purpose="phone") == crypto.keyed_hash(
        "13812345678", purpose="phone"
    )
    assert crypto.keyed_hash("13812345678", purpose="phone") != crypto.keyed_hash("13812345678", purpose="id")
    assert "13812345678" not in crypto.keyed_hash("13812345678", purpose="phone")


def test_keyed_hash_depends_on_the_secret(monkeypatch):
    before = crypto.keyed_hash("13812345678", purpose="phone")
    monkeypatch.setenv("FIELD_HASH_KEY", "another-secret")
    assert crypto.keyed_hash("13812345678", purpose="phone") != before


def test_receipt_has_at_least_80_random_bits_and_reads_back_as_typed():
    receipt = receipt_new()
    code = receipt_normalize(receipt)
    assert len(code) == 20  # 20 Crockford base32 characters = 100 bits
    assert receipt_is_well_formed(receipt.lower().replace("-", " "))
    assert receipt_hash(receipt) == receipt_hash(receipt.lower().replace("-", ""))
    assert len({receipt_new() for _ in range(200)}) == 200


def test_receipt_confusable_letters_are_read_as_digits():
    receipt = "0000-1111-2222-3333-4444"
    assert receipt_hash("OOOO-IIII-2222-3333-4444") == receipt_hash(receipt)
    assert receipt_hash("oooo llll 2222 3333 4444") == receipt_hash(receipt)


@pytest.mark.parametrize(
    "value", ["", "ABC", "0000-1111-2222-3333-444", "0000-1111-2222-3333-4444-5", "!!!!"]
)
def test_malformed_receipts_are_recognised(value):
    assert not receipt_is_well_formed(value)


@pytest.mark.django_db
def test_encrypted_field_stores_a_token_and_reads_the_plain_value(submit):
    report = submit(
        anonymous=False,
        reporter_name="赵六",
        reporter_phone="13812345678",
        reporter_id_number="11010519491231002X",
    ).report
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_name FROM intake_report WHERE id = %s", [report.pk])
        (stored,) = cursor.fetchone()
    assert stored != "赵六" and "赵六" not in stored
    assert Report.objects.get(pk=report.pk).reporter_name == "赵六"


@pytest.mark.django_db
def test_empty_encrypted_field_stays_empty(submit):
    report = submit().report
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_name, reporter_ip FROM intake_report WHERE id = %s", [report.pk])
        assert cursor.fetchone() == ("", "")
