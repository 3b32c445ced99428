"""E-mail intake against hostile and unusual mail and servers (findings 17, 18 and 19)."""

import base64
import datetime
import socket
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command

from intake.models import Report
from intake.sources.email.fetch import MailboxUnavailable, imap_connect
from intake.sources.email.parser import mail_parse
from tests.intake.sources.test_email import SENDER, mail, raw, run  # noqa: F401  (run: fixture)

pytestmark = pytest.mark.django_db


# -- 18: a mail nested a thousand MIME levels deep ------------------------------------------


def nested_mail(levels: int = 1000, message_id: str = "<deep@example.cn>") -> bytes:
    head = (
        f"From: Resident <{SENDER}>\r\nTo: report@danzhou.gov.cn\r\nSubject: deep\r\n"
        f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n'
    )
    opening = "".join(
        f'--b{n}\r\nContent-Type: multipart/mixed; boundary="b{n + 1}"\r\n\r\n' for n in range(levels)
    )
    inner = f"--b{levels}\r\nContent-Type: text/plain\r\n\r\n老板拖欠工资三个月。\r\n--b{levels}--\r\n"
    closing = "".join(f"--b{n}--\r\n" for n in reversed(range(levels)))
    return (head + opening + inner + closing).encode()


def test_a_mail_nested_a_thousand_levels_is_unreadable_not_an_error():
    parsed = mail_parse(nested_mail())
    assert parsed.unreadable and parsed.sender == SENDER and parsed.message_id == "<deep@example.cn>"


def test_nested_mails_are_answered_marked_seen_and_do_not_stop_intake(run, replies):  # noqa: F811
    batch = [nested_mail(message_id=f"<deep{n}@example.cn>") for n in range(3)] + [raw(mail())]
    server, counts = run(*batch)
    assert counts == {"answered": 3, "filed": 1}
    assert all(server.seen(uid) for uid in ("1", "2", "3", "4"))
    assert Report.objects.count() == 1
    assert sum("could not read the text of your e-mail" in reply["text"] for reply in replies) == 3
    # the next poll finds nothing left to do
    assert run(*batch)[1] == {"skipped": 4}


# -- 19: text labelled gb2312 that holds GBK characters --------------------------------------


def gb_mail(text: str, subject: str, label: str) -> bytes:
    encoded_subject = base64.b64encode(subject.encode("gbk")).decode()
    body = base64.b64encode(text.encode("gbk")).decode()
    return (
        f"From: {SENDER}\r\nTo: report@danzhou.gov.cn\r\nSubject: =?{label}?B?{encoded_subject}?=\r\n"
        f"Message-ID: <gb-{label}@example.cn>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: text/plain; charset="{label}"\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}\r\n'
    ).encode()


@pytest.mark.parametrize("label", ["gb2312", "GB2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn"])
def test_gb_family_text_is_read_as_gb18030(run, label):  # noqa: F811
    text = "我叫张喆,镕基建筑公司拖欠我们四十个工人三个月的工资。"
    server, counts = run(gb_mail(text, "拖欠工资 张喆举报", label))
    assert counts == {"filed": 1}
    report = Report.objects.get()
    assert report.area.code == "wage_arrears"  # the keyword in the subject
    assert "张喆举报" in report.description and text in report.description


# -- 17: the IMAP server's certificate ---------------------------------------------------------


def self_signed(tmp_path) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test mail CA")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return str(cert_path), str(key_path)


class TinyImapServer:
    """Just enough IMAP over TLS (implicit or STARTTLS) for imaplib to log in, on 127.0.0.1."""

    def __init__(self, cert: str, key: str, *, starttls: bool, password: str = "right"):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.starttls, self.password = starttls, password
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.logins: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._talk, args=(connection,), daemon=True).start()

    def _talk(self, connection):
        try:
            if not self.starttls:
                connection = self.context.wrap_socket(connection, server_side=True)
            stream = connection.makefile("rwb")
            extra = " STARTTLS" if self.starttls else ""
            stream.write(f"* OK [CAPABILITY IMAP4rev1{extra}] ready\r\n".encode())
            stream.flush()
            while line := stream.readline():
                tag, command, *rest = line.decode().split()
                command = command.upper()
                if command == "CAPABILITY":
                    stream.write(f"* CAPABILITY IMAP4rev1{extra}\r\n{tag} OK done\r\n".encode())
                elif command == "STARTTLS":
                    stream.write(f"{tag} OK begin TLS\r\n".encode())
                    stream.flush()
                    connection = self.context.wrap_socket(connection, server_side=True)
                    stream, extra = connection.makefile("rwb"), ""
                    continue
                elif command == "LOGIN":
                    self.logins.append(rest[1].strip('"'))
                    ok = rest[1].strip('"') == self.password
                    stream.write(
                        f"{tag} {'OK logged in' if ok else 'NO [AUTHENTICATIONFAILED] wrong'}\r\n".encode()
                    )
                elif command == "LOGOUT":
                    stream.write(f"* BYE\r\n{tag} OK bye\r\n".encode())
                    stream.flush()
                    break
                else:
                    stream.write(f"{tag} BAD unknown\r\n".encode())
                stream.flush()
        except (OSError, ssl.SSLError, ValueError):
            pass
        finally:
            connection.close()

    def close(self):
        self.listener.close()


@pytest.fixture(params=[False, True], ids=["implicit_tls", "starttls"])
def imap_server(request, tmp_path, settings):
    cert, key = self_signed(tmp_path)
    server = TinyImapServer(cert, key, starttls=request.param)
    settings.IMAP_HOST, settings.IMAP_PORT, settings.IMAP_SSL = "localhost", server.port, not request.param
    settings.IMAP_USER, settings.IMAP_PASSWORD, settings.IMAP_CA_FILE = "intake", "right", ""
    yield server, cert
    server.close()


def test_an_unverified_certificate_is_refused_before_the_password_is_sent(imap_server):
    server, _cert = imap_server
    with pytest.raises(MailboxUnavailable, match="could not be verified"):
        imap_connect()
    assert server.logins == []


def test_a_private_ca_named_in_imap_ca_file_is_trusted(imap_server, settings):
    server, cert = imap_server
    settings.IMAP_CA_FILE = cert
    imap_connect().logout()
    assert server.logins == ["right"]


def test_fetch_mail_says_in_one_line_why_it_fetched_nothing(imap_server, settings):
    server, cert = imap_server
    settings.IMAP_CA_FILE, settings.IMAP_PASSWORD = cert, "wrong"
    with pytest.raises(CommandError) as refused:
        call_command("fetch_mail")
    message = str(refused.value)
    assert "refused the login" in message and "IMAP_PASSWORD" in message and "\n" not in message
    assert "wrong" not in message  # never the password
    settings.IMAP_CA_FILE = ""
    with pytest.raises(CommandError, match="could not be verified.*IMAP_CA_FILE"):
        call_command("fetch_mail")


def test_fetch_mail_reports_an_unreachable_server_in_one_line(settings):
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    settings.IMAP_HOST, settings.IMAP_PORT = "127.0.0.1", port
    with pytest.raises(CommandError) as refused:
        call_command("fetch_mail")
    assert "cannot be reached" in str(refused.value) and "\n" not in str(refused.value)
