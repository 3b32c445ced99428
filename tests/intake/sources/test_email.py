"""E-mail intake: mails built with the standard library, served by a fake speaking imaplib's calls."""

import re
from email.message import EmailMessage as Mail
from email.utils import make_msgid

import pytest
from django.core.management import call_command
from django.db import connection

from intake.crypto import decrypt
from intake.models import EmailMessage, Report
from intake.sources.email import fetch, process
from intake.sources.email.fetch import mail_fetch
from intake.sources.email.parser import html_to_text
from tests.intake.sources.conftest import image_bytes

pytestmark = pytest.mark.django_db

SENDER = "resident@example.cn"


class FakeImap:
    """The server side of the imaplib client calls the fetcher makes, with imaplib's return shapes."""

    def __init__(self, messages: list[bytes]):
        self.messages = {str(uid): raw for uid, raw in enumerate(messages, start=1)}
        self.flags: dict[str, set[str]] = {uid: set() for uid in self.messages}
        self.calls: list[tuple] = []
        self.on_store = None
        self.logged_out = False

    def select(self, mailbox="INBOX"):
        self.calls.append(("SELECT", mailbox))
        return "OK", [str(len(self.messages)).encode()]

    def response(self, code):
        return code, [b"1700000000"] if code == "UIDVALIDITY" else [None]

    def uid(self, command, *args):
        self.calls.append((command, *args))
        if command == "SEARCH":
            unseen = [uid for uid in self.messages if "\\Seen" not in self.flags[uid]]
            return "OK", [" ".join(unseen).encode()]
        if command == "FETCH":
            uids, query = args
            if query == "(RFC822.SIZE)":
                return "OK", [
                    f"{n} (UID {uid} RFC822.SIZE {len(self.messages[uid])})".encode()
                    for n, uid in enumerate(uids.split(","), start=1)
                ]
            raw = self.messages[uids]
            if query == "(BODY.PEEK[HEADER])":
                header = raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
                return "OK", [(f"1 (UID {uids} BODY[HEADER] {{{len(header)}}}".encode(), header), b")"]
            if query == "(BODY.PEEK[])":
                return "OK", [(f"1 (UID {uids} BODY[] {{{len(raw)}}}".encode(), raw), b")"]
            raise AssertionError(f"unexpected fetch {query}")
        if command == "STORE":
            uid, operation, flags = args
            assert operation == "+FLAGS" and flags == "(\\Seen)"
            if self.on_store:
                self.on_store(uid)
            self.flags[uid].add("\\Seen")
            return "OK", [f"1 (UID {uid} FLAGS (\\Seen))".encode()]
        raise AssertionError(f"unexpected command {command}")

    def logout(self):
        self.logged_out = True
        return "BYE", [b"logging out"]

    def seen(self, uid: str) -> bool:
        return "\\Seen" in self.flags[uid]


def mail(subject="举报拖欠工资", body="老板拖欠我们四十个工人三个月的工资，一直不给。", **headers) -> Mail:
    message = Mail()
    message["From"] = headers.pop("sender", f"Resident <{SENDER}>")
    message["To"] = "report@danzhou.gov.cn"
    message["Subject"] = subject
    message["Message-ID"] = headers.pop("message_id", make_msgid(domain="example.cn"))
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    if body is not None:
        message.set_content(body)
    return message


def raw(message: Mail) -> bytes:
    return message.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.fixture
def run(settings, django_capture_on_commit_callbacks):
    settings.IMAP_HOST = "imap.example.cn"

    def _run(*messages: bytes):
        server = FakeImap(list(messages))
        with django_capture_on_commit_callbacks(execute=True):
            result = mail_fetch(connect=lambda: server)
        return server, result.as_dict()

    return _run


def test_plain_mail_becomes_an_email_report_with_receipt_reply(run, replies):
    server, counts = run(raw(mail()))
    report = Report.objects.get()
    assert report.source == Report.Source.EMAIL
    assert report.reporter_email == SENDER
    assert "拖欠我们四十个工人" in report.description
    assert counts == {"filed": 1}
    assert server.seen("1") and server.logged_out
    [reply] = replies
    assert reply["channel"] == "email" and reply["report_id"] == report.pk
    assert SENDER not in reply["address_encrypted"] and decrypt(reply["address_encrypted"]) == SENDER
    assert report.reference in reply["text"] and "回执码：" in reply["text"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_email FROM intake_report")
        assert SENDER not in cursor.fetchone()[0]


def test_reading_never_marks_a_message_seen(run):
    server, _ = run(raw(mail()))
    fetches = [call for call in server.calls if call[0] == "FETCH"]
    assert all("PEEK" in call[2] or call[2] == "(RFC822.SIZE)" for call in fetches)


def test_attachments_are_checked_and_bad_ones_left_out_with_a_note(run, replies):
    message = mail()
    message.add_attachment(image_bytes("JPEG"), maintype="image", subtype="jpeg", filename="site.jpg")
    message.add_attachment(
        b"MZ\x90\x00 not an image", maintype="application", subtype="octet-stream", filename="tool.exe"
    )
    run(raw(message))
    report = Report.objects.get()
    assert report.attachments.count() == 1
    assert "tool.exe未予接收" in replies[0]["text"]
    assert "回执码：" in replies[0]["text"]


def test_html_only_mail_is_read_as_text(run):
    message = mail(body=None)
    message.set_content(
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
        "<body><p>老板拖欠工资&amp;不给</p><p>已经三个月了，四十个工人。</p></body></html>",
        subtype="html",
    )
    run(raw(message))
    description = Report.objects.get().description
    assert "老板拖欠工资&不给" in description and "已经三个月了" in description
    assert "alert" not in description and "color" not in description and "<" not in description


def test_html_to_text_drops_markup_and_keeps_blocks():
    assert html_to_text("<div>a<br>b</div><script>x()</script><p>c &lt;d&gt;</p>") == "a\nb\n\nc <d>"


def test_subject_keyword_names_the_area(run, open_area):
    run(raw(mail(subject="测试领域: 假彩票", body="有人在那大市场卖假彩票，每天晚上都有。")))
    report = Report.objects.get()
    assert report.area == open_area
    assert report.description.startswith("假彩票")


def test_unreadable_mail_is_answered_and_marked_processed(run, replies):
    message = mail(body=None)
    message.set_payload("corrupt")
    message["Content-Type"] = "text/plain; charset=x-no-such-charset"
    server, counts = run(raw(message))
    assert not Report.objects.exists()
    assert counts == {"answered": 1} and server.seen("1")
    assert "无法读取您邮件的正文" in replies[0]["text"]


def test_garbage_without_sender_is_marked_processed_without_reply(run, replies):
    server, counts = run(b"\x00\x01 this is not an e-mail \xff\xfe")
    assert counts == {"ignored": 1} and server.seen("1")
    assert replies == [] and not Report.objects.exists()


def test_too_short_mail_is_answered_with_the_reason(run, replies):
    server, counts = run(raw(mail(subject="", body="help")))
    assert counts == {"answered": 1} and server.seen("1")
    assert "at least 10 characters" in replies[0]["text"]
    assert not Report.objects.exists()


def test_oversized_mail_is_answered_from_its_header_only(run, replies, settings):
    settings.IMAP_MAX_MESSAGE_BYTES = 2000
    message = mail()
    message.add_attachment(
        image_bytes("PNG", size=(300, 300)) * 3, maintype="image", subtype="png", filename="big.png"
    )
    server, counts = run(raw(message))
    assert ("FETCH", "1", "(BODY.PEEK[])") not in server.calls
    assert ("FETCH", "1", "(BODY.PEEK[HEADER])") in server.calls
    assert counts == {"answered": 1} and server.seen("1")
    assert "超过了可接收的" in replies[0]["text"]
    assert not Report.objects.exists()


def test_same_message_id_files_once(run, replies):
    message_id = make_msgid(domain="example.cn")
    server, counts = run(raw(mail(message_id=message_id)), raw(mail(message_id=message_id)))
    assert Report.objects.count() == 1
    assert counts == {"filed": 1, "skipped": 1}
    assert server.seen("1") and server.seen("2")
    assert len(replies) == 1


def test_second_run_does_not_file_again(run):
    message = raw(mail())
    run(message)
    run(message)  # the mailbox lost the \Seen flag: the stored Message-ID still protects
    assert Report.objects.count() == 1


def test_auto_replies_are_ignored(run, replies):
    server, counts = run(
        raw(mail(Auto_Submitted="auto-replied", body="I am out of the office until Monday."))
    )
    assert counts == {"ignored": 1} and server.seen("1")
    assert replies == [] and not Report.objects.exists()


def test_message_is_marked_seen_only_after_commit(run, monkeypatch):
    depth_at_start = len(connection.atomic_blocks)
    seen_at = []

    def on_store(uid):
        seen_at.append((len(connection.atomic_blocks), Report.objects.count(), EmailMessage.objects.count()))

    original = fetch._one

    def spying(client, *args):
        client.on_store = on_store
        return original(client, *args)

    monkeypatch.setattr(fetch, "_one", spying)
    run(raw(mail()))
    # When \Seen was set, no transaction of ours was open and the report was stored.
    assert seen_at == [(depth_at_start, 1, 1)]


def test_failure_while_filing_leaves_the_message_unseen(run, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(process, "report_submit_from_message", broken)
    server, counts = run(raw(mail()))
    assert counts == {"failed": 1}
    assert not server.seen("1")
    assert not EmailMessage.objects.exists() and not Report.objects.exists()


def test_sender_address_never_reaches_the_log(run, caplog):
    import logging

    with caplog.at_level(logging.DEBUG):
        run(raw(mail()))
    assert SENDER not in caplog.text


def test_fetch_mail_command_uses_the_imap_settings(
    settings, monkeypatch, django_capture_on_commit_callbacks, capsys
):
    settings.IMAP_HOST = "imap.example.cn"
    server = FakeImap([raw(mail())])
    monkeypatch.setattr(fetch, "imap_connect", lambda: server)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_mail")
    assert "filed: 1" in capsys.readouterr().out
    assert Report.objects.get().source == Report.Source.EMAIL


def test_fetch_mail_command_refuses_without_a_host(settings):
    from django.core.management.base import CommandError

    settings.IMAP_HOST = ""
    with pytest.raises(CommandError):
        call_command("fetch_mail")


def test_periodic_task_is_scheduled_and_fetches(settings, monkeypatch, django_capture_on_commit_callbacks):
    from intake.tasks import email_fetch

    assert settings.CELERY_BEAT_SCHEDULE["intake-fetch-mail"]["task"] == "intake.tasks.email_fetch"
    settings.IMAP_HOST = "imap.example.cn"
    server = FakeImap([raw(mail())])
    monkeypatch.setattr(fetch, "imap_connect", lambda: server)
    with django_capture_on_commit_callbacks(execute=True):
        counts = email_fetch.delay().get()
    assert counts == {"filed": 1}
    assert server.seen("1")


def test_reply_prefix_is_dropped_from_the_subject(run, open_area):
    run(raw(mail(subject="Re: 回复：测试领域 假彩票", body="有人在那大市场卖假彩票，每天晚上都有。")))
    assert Report.objects.get().area == open_area


def test_message_id_is_stored_only_as_a_keyed_hash(run):
    message_id = make_msgid(domain="secret-host.example.cn")
    run(raw(mail(message_id=message_id)))
    stored = EmailMessage.objects.get().key
    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    assert "secret-host" not in Report.objects.get().external_id


def test_the_reply_promises_a_review_time_only_once_the_city_adopted_one(run, replies):
    from tests.policies import policy_set

    run(raw(mail()))
    assert "回执码：" in replies[0]["text"] and "工作日" not in replies[0]["text"]
    policy_set("promise-triage-review", value={"working_days": 3})
    run(raw(mail(message_id="<second@example.cn>")))
    assert "投诉举报中心将在3个工作日内审核。" in replies[1]["text"]
