"""Reading a resident's e-mail: sender, subject, text (from plain or HTML), attachments."""

import codecs
import re
from dataclasses import dataclass, field
from email import policy
from email.errors import HeaderParseError, MessageError
from email.header import decode_header
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


# Labels of the GB family. Mail clients label GBK text "gb2312"; the WHATWG encoding standard
# reads all of these as GBK, and GB18030 is a superset of both: strict GB2312 would garble
# everything after the first character outside it (喆, 镕, 堃 ...).
GB_FAMILY = {
    "gb2312",
    "gb_2312",
    "gb_2312-80",
    "gb2312-80",
    "csgb2312",
    "csiso58gb231280",
    "iso-ir-58",
    "chinese",
    "euc-cn",
    "x-euc-cn",
    "gbk",
    "x-gbk",
    "cp936",
    "ms936",
    "windows-936",
    "gb18030",
}


def codec_for(charset: str | None) -> str:
    """The Python codec to decode text labelled `charset` with (GB family: GB18030)."""
    label = (charset or "").strip().strip('"').lower()
    if label in GB_FAMILY:
        return "gb18030"
    if not label or label in ("us-ascii", "ascii"):
        return "utf-8"  # unlabelled 8-bit text is far more often UTF-8 than anything else
    return codecs.lookup(label).name  # LookupError for a label nobody knows: unreadable


def _decoded(data: bytes, charset: str | None) -> str:
    return data.decode(codec_for(charset), errors="replace")


def _text_content(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raise ValueError("body is not text")
    return _decoded(payload, part.get_content_charset())


def _subject(message: EmailMessage) -> str:
    """The Subject, its encoded words decoded with codec_for (GB family as GB18030)."""
    raw = next((value for name, value in message.raw_items() if name.lower() == "subject"), "")
    try:
        words = decode_header(str(raw))
        return "".join(
            _decoded(text, charset) if isinstance(text, bytes) else _raw_8bit(text) for text, charset in words
        )
    except (HeaderParseError, ValueError, LookupError):
        return _header(message, "Subject")


def _raw_8bit(text: str) -> str:
    """A header sent as raw 8-bit bytes arrives with them escaped as surrogates: UTF-8 if it
    is, else the GB family."""
    data = text.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def mail_parse(raw: bytes) -> ParsedMail:
    """Parse raw RFC 5322 bytes. Never raises for bad input: problems are flagged instead.

    A message nested too deeply for Python's recursive MIME parser (about 1,000 levels)
    is unreadable: its headers alone are read, so the sender can still be answered.
    """
    try:
        return _parse(raw)
    except RecursionError:
        headers = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        return ParsedMail(
            message_id=_header(headers, "Message-ID").strip()[:500],
            sender=header_sender(headers),
            subject=" ".join(_subject(headers).split())[:300],
            text="",
            automatic=_automatic(headers, header_sender(headers)),
            unreadable=True,
        )


def _automatic(message: EmailMessage, sender: str) -> bool:
    """An auto-reply, bounce or list mail: never answered."""
    precedence = _header(message, "Precedence").strip().lower()
    auto_submitted = _header(message, "Auto-Submitted").strip().lower()
    return (
        (auto_submitted not in ("", "no"))
        or precedence in _AUTOMATIC_PRECEDENCE
        or bool(_header(message, "X-Autoreply") or _header(message, "X-Autorespond"))
        or bool(_AUTOMATIC_SENDERS.match(sender))
        or message.get_content_type() == "multipart/report"
    )


def _parse(raw: bytes) -> ParsedMail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    sender = header_sender(message)
    parsed = ParsedMail(
        message_id=_header(message, "Message-ID").strip()[:500],
        sender=sender,
        subject=" ".join(_subject(message).split())[:300],
        text="",
        automatic=_automatic(message, sender),
    )
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        if body is not None:
            content = _text_content(body)
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
