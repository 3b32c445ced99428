"""Key rotation: every encrypted column ends under the newest key, in resumable batches."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.db import connection

from intake import rotation
from intake.models import Report
from intake.rotation import token_tables

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
IDENTITY = {
    "reporter_name": "张三",
    "reporter_phone": "13800138000",
    "reporter_id_number": "11010519491231002X",
}


@pytest.fixture
def old_key_data(settings, monkeypatch, submit, tmp_path):
    """Three real-name reports and an outbox address stored under the old key alone."""
    from intake import crypto
    from notifications.models import Message

    monkeypatch.setenv("FIELD_HASH_KEY", "hash-key-kept-across-rotations")
    settings.FIELD_ENCRYPTION_KEY = OLD
    settings.VAR_DIR = tmp_path
    reports = [submit(anonymous=False, **IDENTITY).report for _ in range(3)]
    message = Message.objects.create(
        kind="reply", channel="sms", address_encrypted=crypto.encrypt("13900139000"), text="您的举报已收到"
    )
    settings.FIELD_ENCRYPTION_KEY = f"{NEW},{OLD}"
    return reports, message


def raw_tokens() -> list[str]:
    tokens = []
    with connection.cursor() as cursor:
        for table in token_tables():
            cursor.execute(f"SELECT {', '.join(table.columns)} FROM {table.table}")
            tokens += [value for row in cursor.fetchall() for value in row if value]
    return tokens


def under(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
        return True
    except InvalidToken:
        return False


def test_finds_every_encrypted_column():
    found = {(table.label, column) for table in token_tables() for column in table.columns}
    assert {
        ("intake.Report", "reporter_name"),
        ("intake.Report", "reporter_id_number"),
        ("intake.WeChatConversation", "openid"),
        ("credit.Subject", "id_number"),
        ("notifications.Message", "address_encrypted"),
        ("notifications.Message", "text"),
        ("workflow.Outcome", "subject_id_number"),
    } <= found


def test_rotation_re_encrypts_everything_under_the_newest_key(old_key_data, settings, capsys):
    reports, message = old_key_data
    assert raw_tokens() and all(under(OLD, token) for token in raw_tokens())
    receipt_hashes = list(Report.objects.order_by("pk").values_list("receipt_hash", "reporter_id_hash"))

    call_command("encryption_rotate", "--batch", "2")

    out = capsys.readouterr().out
    assert "intake.Report: 2 rows checked" in out and "done:" in out
    assert all(under(NEW, token) and not under(OLD, token) for token in raw_tokens())
    settings.FIELD_ENCRYPTION_KEY = NEW  # the old key can go
    for report in Report.objects.filter(pk__in=[r.pk for r in reports]):
        assert (report.reporter_name, report.reporter_phone) == ("张三", "13800138000")
    message.refresh_from_db()
    assert message.text == "您的举报已收到"
    from intake import crypto

    assert crypto.decrypt(message.address_encrypted) == "13900139000"
    assert (
        list(Report.objects.order_by("pk").values_list("receipt_hash", "reporter_id_hash")) == receipt_hashes
    )


def test_a_stopped_rotation_resumes_where_it_stopped(old_key_data, settings, monkeypatch, capsys):
    real = rotation.table_rotate
    calls = {"batches": 0}

    def failing(table, **kwargs):
        for progress in real(table, **kwargs):
            yield progress
            calls["batches"] += 1
            if calls["batches"] == 1:
                raise KeyboardInterrupt  # the operator stops it after the first batch

    monkeypatch.setattr(rotation, "table_rotate", failing)
    with pytest.raises(KeyboardInterrupt):
        call_command("encryption_rotate", "--batch", "2")
    assert sum(under(NEW, token) for token in raw_tokens()) > 0
    assert any(under(OLD, token) for token in raw_tokens())
    assert (settings.VAR_DIR / "encryption_rotate.json").exists()

    monkeypatch.setattr(rotation, "table_rotate", real)
    call_command("encryption_rotate", "--batch", "2")
    out = capsys.readouterr().out
    assert "resuming after" in out
    assert all(under(NEW, token) for token in raw_tokens())
    assert not (settings.VAR_DIR / "encryption_rotate.json").exists()

    call_command("encryption_rotate")
    assert "done: 0 rows re-encrypted" in capsys.readouterr().out  # a second run changes nothing


def test_rotation_refuses_without_an_explicit_hash_key(settings, monkeypatch):
    monkeypatch.delenv("FIELD_HASH_KEY", raising=False)
    settings.FIELD_ENCRYPTION_KEY = f"{NEW},{OLD}"
    with pytest.raises(CommandError, match="FIELD_HASH_KEY"):
        call_command("encryption_rotate")
