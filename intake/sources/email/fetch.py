"""Fetching new mail from the city's IMAP mailbox (the `fetch_mail` command and a periodic task).

Messages are read with BODY.PEEK so reading alone never marks them; a message gets the
\\Seen flag only after its report (or answer) is committed, and a keyed hash of its
Message-ID is stored in the same transaction, so a crash between the two files nothing twice.
"""

import contextlib
import imaplib
import logging
import re
import ssl
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings

from intake.sources.email.process import email_message_process, email_oversized_process

logger = logging.getLogger(__name__)

_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


@dataclass
class FetchResult:
    counts: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return dict(self.counts)


class MailboxUnavailable(Exception):
    """The mailbox cannot be used: unreachable, an unverified certificate, a refused login.
    The message is one line that says which and what to check."""


def imap_tls_context() -> ssl.SSLContext:
    """TLS that verifies the server's certificate and name: against the system's CA store,
    or only the private CA in IMAP_CA_FILE. (imaplib's own default verifies nothing, so a
    man in the middle would get IMAP_PASSWORD and every report.)"""
    return ssl.create_default_context(cafile=settings.IMAP_CA_FILE or None)


def imap_connect() -> imaplib.IMAP4:
    """A logged-in IMAP client for the IMAP_* settings; MailboxUnavailable when that fails."""
    where = f"{settings.IMAP_HOST}:{settings.IMAP_PORT}"
    try:
        context = imap_tls_context()
    except (OSError, ssl.SSLError) as exc:
        raise MailboxUnavailable(f"cannot read IMAP_CA_FILE {settings.IMAP_CA_FILE}: {exc}") from None
    try:
        if settings.IMAP_SSL:
            client = imaplib.IMAP4_SSL(
                settings.IMAP_HOST, settings.IMAP_PORT, ssl_context=context, timeout=30
            )
        else:
            client = imaplib.IMAP4(settings.IMAP_HOST, settings.IMAP_PORT, timeout=30)
            client.starttls(ssl_context=context)
    except ssl.SSLCertVerificationError as exc:
        raise MailboxUnavailable(
            f"the certificate of the IMAP server {where} could not be verified ({exc.verify_message}); "
            "for a private CA set IMAP_CA_FILE"
        ) from None
    except (ssl.SSLError, imaplib.IMAP4.error) as exc:
        raise MailboxUnavailable(f"no TLS connection to the IMAP server {where}: {exc}") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise MailboxUnavailable(f"the IMAP server {where} cannot be reached: {reason}") from None
    try:
        client.login(settings.IMAP_USER, settings.IMAP_PASSWORD)
    except imaplib.IMAP4.error:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
        raise MailboxUnavailable(
            f"the IMAP server {where} refused the login of {settings.IMAP_USER!r}: "
            "check IMAP_USER and IMAP_PASSWORD"
        ) from None
    except OSError as exc:
        raise MailboxUnavailable(f"the IMAP server {where} closed the connection at login: {exc}") from None
    return client


def mail_fetch(*, connect=None) -> FetchResult:
    """Process the unseen messages of the mailbox, at most IMAP_BATCH per run."""
    result = FetchResult()
    if not settings.IMAP_HOST and connect is None:
        return result
    client = (connect or imap_connect)()
    try:
        status, _ = client.select(settings.IMAP_MAILBOX)
        if status != "OK":
            raise imaplib.IMAP4.error("cannot select the mailbox")
        validity = _uidvalidity(client)
        status, data = client.uid("SEARCH", None, "UNSEEN")
        if status != "OK":
            raise imaplib.IMAP4.error("search failed")
        uids = (data[0] or b"").split()[: settings.IMAP_BATCH]
        sizes = _sizes(client, uids)
        for uid in uids:
            try:
                outcome = _one(client, uid.decode(), sizes.get(uid, 0), validity)
            except (imaplib.IMAP4.error, OSError):
                raise
            except Exception as exc:  # one bad message must not hold up the others
                logger.error(
                    "e-mail processing failed", extra={"uid": uid.decode(), "error": type(exc).__name__}
                )
                outcome = "failed"
            result.counts[outcome] += 1
    except (imaplib.IMAP4.error, OSError) as exc:
        logger.warning("e-mail fetch stopped", extra={"error": type(exc).__name__})
        result.counts["failed"] += 1
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
    return result


def _uidvalidity(client) -> str:
    _, data = client.response("UIDVALIDITY")
    return (data[0] or b"0").decode() if data and data[0] else "0"


def _sizes(client, uids: list[bytes]) -> dict[bytes, int]:
    if not uids:
        return {}
    status, data = client.uid("FETCH", b",".join(uids).decode(), "(RFC822.SIZE)")
    sizes = {}
    for line in data if status == "OK" else []:
        line = line[0] if isinstance(line, tuple) else line
        uid, size = _UID.search(line or b""), _SIZE.search(line or b"")
        if uid and size:
            sizes[uid.group(1)] = int(size.group(1))
    return sizes


def _literal(data) -> bytes | None:
    for item in data or []:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def _one(client, uid: str, size: int, validity: str) -> str:
    fallback = f"uid:{settings.IMAP_MAILBOX}:{validity}:{uid}"
    if size > settings.IMAP_MAX_MESSAGE_BYTES:
        status, data = client.uid("FETCH", uid, "(BODY.PEEK[HEADER])")
        header = _literal(data) if status == "OK" else None
        if header is None:
            return "failed"
        processed = email_oversized_process(header=header, fallback_key=fallback, size=size)
    else:
        status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
        raw = _literal(data) if status == "OK" else None
        if raw is None:
            return "failed"
        processed = email_message_process(raw=raw, fallback_key=fallback)
    # Committed: only now is the message marked as processed in the mailbox.
    client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    return processed.outcome
