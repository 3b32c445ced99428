"""Reading a resident's e-mail: sender, subject, text (from plain or HTML), attachments."""

import re
from dataclasses import dataclass, field
from email import policy
from email.errors import HeaderParseError, MessageError
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_AUTOMATIC_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@", re.IGNORECASE)


@dataclass
class ParsedMail:
    message_id: str
    sender: str  # the address to answer ("" when there is none that can be used)
    subject: str
    text: str
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    automatic: bool = False  # an auto-reply, bounce or list mail: never answered
    unreadable: bool = False  # the body could not be decoded


class _TextExtractor(HTMLParser):
    """Visible text of an HTML body: no scripts, styles or markup, blocks on their own lines."""

    _SKIP = {"script", "style", "head", "title", "template", "noscript"}
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return text_tidy("".join(extractor.parts))


def text_tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def header_sender(message: EmailMessage) -> str:
    """The address to answer: Reply-To, else From; "" when neither holds a usable one."""
    for name in ("Reply-To", "From"):
        try:
            header = message[name]
            addresses = getattr(header, "addresses", ()) if header is not None else ()
        except (HeaderParseError, MessageError, IndexError, ValueError, TypeError, AttributeError):
            continue
        for address in addresses:
            candidate = (address.addr_spec or "").strip()
            try:
                validate_email(candidate)
            except ValidationError:
                continue
            return candidate
    return ""


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except (HeaderParseError, MessageError, IndexError, ValueError, TypeError, AttributeError):
        return ""


def mail_parse(raw: bytes) -> ParsedMail:
    """Parse raw RFC 5322 bytes. Never raises for bad input: problems are flagged instead."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    sender = header_sender(message)
    precedence = _header(message, "Precedence").strip().lower()
    auto_submitted = _header(message, "Auto-Submitted").strip().lower()
    automatic = (
        (auto_submitted not in ("", "no"))
        or precedence in _AUTOMATIC_PRECEDENCE
        or bool(_header(message, "X-Autoreply") or _header(message, "X-Autorespond"))
        or bool(_AUTOMATIC_SENDERS.match(sender))
        or message.get_content_type() == "multipart/report"
    )
    parsed = ParsedMail(
        message_id=_header(message, "Message-ID").strip()[:500],
        sender=sender,
        subject=" ".join(_header(message, "Subject").split())[:300],
        text="",
        automatic=automatic,
    )
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        if body is not None:
            content = body.get_content()
            if not isinstance(content, str):
                raise ValueError("body is not text")
            parsed.text = (
                html_to_text(content) if body.get_content_subtype() == "html" else text_tidy(content)
            )
    except (LookupError, UnicodeError, ValueError, KeyError, TypeError, AssertionError, MessageError):
        parsed.unreadable = True
    try:
        parts = list(message.iter_attachments()) if message.is_multipart() else []
    except (TypeError, KeyError, MessageError):
        parts = []
    for part in parts:
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        try:
            data = part.get_payload(decode=True) or b""
            name = part.get_filename() or "attachment"
        except (LookupError, UnicodeError, ValueError, TypeError, MessageError):
            continue
        parsed.attachments.append((str(name)[:100], data))
    return parsed
