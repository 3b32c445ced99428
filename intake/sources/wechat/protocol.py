"""The WeChat official-account callback protocol, through wechatpy.

xmltodict (under wechatpy) is not trusted with hostile XML: every body, and in safe mode
the decrypted message too, is first parsed by defusedxml with DTDs forbidden, so an entity
bomb or an external entity is refused before anything expands it.
"""

import struct
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from intake.crypto import keyed_hash

MAX_BODY_BYTES = 64 * 1024
MAX_CLOCK_SKEW_SECONDS = 300
# WeChat refuses passive text replies longer than 2,048 bytes.
MAX_REPLY_BYTES = 2000


class Refused(Exception):
    """The request is not a well-formed, authentic WeChat message."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Inbound:
    """One message from a resident, independent of wechatpy's classes."""

    key: str  # de-duplication key: "msg:<MsgId>" or "event:<OpenID hash>:<CreateTime>"
    openid: str
    kind: str  # text | image | location | event | other
    text: str = ""
    media_id: str = ""
    event: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    label: str = ""


def safe_mode() -> bool:
    return bool(settings.WECHAT_ENCODING_AES_KEY)


def crypto() -> WeChatCrypto:
    return WeChatCrypto(settings.WECHAT_TOKEN, settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_APP_ID)


def signature_check(params) -> None:
    """The plain `signature` over token, timestamp and nonce, sent in both modes."""
    try:
        check_signature(
            settings.WECHAT_TOKEN,
            params.get("signature", ""),
            params.get("timestamp", ""),
            params.get("nonce", ""),
        )
    except InvalidSignatureException:
        raise Refused(403, "invalid signature") from None


def freshness_check(timestamp: str) -> None:
    """In plaintext mode the signature does not cover the body: bound how long it is usable."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        raise Refused(403, "invalid timestamp") from None
    if abs(time.time() - sent) > MAX_CLOCK_SKEW_SECONDS:
        raise Refused(403, "stale timestamp")


def xml_check(raw: bytes | str) -> None:
    """Refuse DTDs, entities and external references, and anything that is not <xml>."""
    try:
        root = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise Refused(400, "forbidden XML construct") from None
    except (ParseError, ValueError):
        raise Refused(400, "malformed XML") from None
    if root.tag != "xml":
        raise Refused(400, "unexpected XML document")


def message_read(raw: bytes, params) -> BaseMessage:
    """Check and parse a POSTed body (decrypting it in safe mode) into a wechatpy message."""
    if len(raw) > MAX_BODY_BYTES:
        raise Refused(400, "message too large")
    encrypted = params.get("encrypt_type", "raw") == "aes"
    if encrypted != safe_mode():
        raise Refused(400, "encryption mode does not match the configuration")
    xml_check(raw)
    if encrypted:
        try:
            plain = crypto().decrypt_message(
                raw, params.get("msg_signature", ""), params.get("timestamp", ""), params.get("nonce", "")
            )
        except (InvalidSignatureException, InvalidAppIdException):
            raise Refused(403, "invalid message signature") from None
        except (KeyError, TypeError, ValueError, IndexError, struct.error):
            raise Refused(400, "undecryptable message") from None
        xml_check(plain)
    else:
        freshness_check(params.get("timestamp", ""))
        plain = raw
    try:
        message = parse_message(plain)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise Refused(400, "not a WeChat message") from None
    if message is None or not message.source:
        raise Refused(400, "message without sender")
    return message


def inbound_from(message: BaseMessage) -> Inbound:
    openid = message.source
    msg_id = message.id
    key = f"msg:{msg_id}" if msg_id else f"event:{keyed_hash(openid, purpose='wechat_openid')}:{message.time}"
    kind = message.type
    if kind == "text":
        return Inbound(key=key, openid=openid, kind="text", text=message.content or "")
    if kind == "image":
        return Inbound(key=key, openid=openid, kind="image", media_id=message.media_id or "")
    if kind == "location":
        return Inbound(
            key=key,
            openid=openid,
            kind="location",
            latitude=_coordinate(message.location_x, 90),
            longitude=_coordinate(message.location_y, 180),
            label=(message.label or "")[:300],
        )
    if kind == "event":
        return Inbound(key=key, openid=openid, kind="event", event=(message.event or "").lower())
    return Inbound(key=key, openid=openid, kind="other")


def _coordinate(value, bound: int) -> Decimal | None:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and abs(number) <= bound else None


def reply_render(message: BaseMessage, text: str, nonce: str) -> str:
    """A passive text reply as WeChat expects it, encrypted in safe mode."""
    # CDATA cannot contain its own terminator; the text echoes what residents typed.
    text = text.replace("]]>", "]] >")
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_REPLY_BYTES:
        text = encoded[: MAX_REPLY_BYTES - 3].decode("utf-8", "ignore") + "…"
    xml = TextReply(message=message, content=text).render()
    if safe_mode():
        xml = crypto().encrypt_message(xml, nonce, str(int(time.time())))
    return xml
