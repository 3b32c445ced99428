"""The outbox: writing messages, handing them to Celery, delivering each exactly once."""

import logging
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from intake import crypto
from notifications.models import Message
from notifications.rendering import language_of, message_render
from notifications.senders import Envelope, SenderRejected, sender_for
from notifications.services.texts import message_context
from notifications.tasks import messages_send

logger = logging.getLogger(__name__)


@dataclass
class Draft:
    """A message to write: who, through what, and the ids the template needs."""

    kind: str
    channel: str
    report_id: int | None = None
    case_id: int | None = None
    user_id: int | None = None
    address_encrypted: str = ""
    text: str = ""
    context: dict = field(default_factory=dict)
    language: str = ""
    dedupe_key: str | None = None


class DeliveryDeferred(Exception):
    """The sender failed for now; the task retries after `countdown` seconds."""

    def __init__(self, countdown: float):
        super().__init__(countdown)
        self.countdown = countdown


def messages_create(*, drafts: list[Draft], fresh: bool = False) -> list[Message]:
    """Write the outbox rows of `drafts` in one transaction and hand them over on its commit.

    A draft whose dedupe_key was already written is skipped, so an event processed twice
    produces its messages once. `fresh`: the caller's transaction is writing what the drafts
    are about (a new report), so no copy can exist yet: no savepoints, and no hand-over at
    commit (the worker that handles the report's event does it: report_messages_hand_over).
    """
    created: list[Message] = []
    with transaction.atomic(savepoint=not fresh):
        for draft in drafts:
            message = Message(
                kind=draft.kind,
                channel=draft.channel,
                report_id=draft.report_id,
                case_id=draft.case_id,
                user_id=draft.user_id,
                address_encrypted=draft.address_encrypted,
                text=draft.text,
                context=draft.context,
                language=draft.language or settings.LANGUAGE_CODE,
                dedupe_key=draft.dedupe_key,
            )
            if draft.dedupe_key and not fresh:
                try:
                    with transaction.atomic():
                        message.save()
                except IntegrityError:
                    continue
            else:
                message.save()
            created.append(message)
        if created and not fresh:
            channels = {message.pk: message.channel for message in created}
            transaction.on_commit(lambda: messages_hand_over(message_ids=list(channels), channels=channels))
    return created


def messages_hand_over(*, message_ids: list[int], channels: dict[int, str] | None = None) -> int:
    """Give messages to the workers; return how many were handed over.

    In-app notices are delivered here at once (a row and a push, no outside call), so the
    push leaves from the process where the event happened. A broker that is down leaves the
    rest unqueued for the relay; the caller (a request that stored a report) never fails.
    """

    rows = channels or dict(Message.objects.filter(pk__in=message_ids).values_list("pk", "channel"))
    outside: list[int] = []
    for message_id in message_ids:
        if rows.get(message_id) == Message.Channel.INAPP:
            try:
                message_deliver(message_id=message_id)
            except DeliveryDeferred:
                pass
            except Exception:
                logger.exception("in-app notice not delivered", extra={"message_id": message_id})
        elif message_id in rows:
            outside.append(message_id)
    # One task per batch: the worker claims, sends and marks a batch in one round trip each.
    queued: list[int] = []
    size = settings.NOTIFICATIONS_SEND_BATCH
    for start in range(0, len(outside), size):
        batch = outside[start : start + size]
        try:
            messages_send.apply_async((batch,))
        except Exception as exc:
            logger.warning(
                "broker unavailable, the outbox relay will hand the messages over",
                extra={"message_ids": batch, "error": type(exc).__name__},
            )
            break
        queued.extend(batch)
    if queued:
        Message.objects.filter(pk__in=queued).update(queued_at=timezone.now())
    return len(queued)


def report_messages_hand_over(*, report_id: int) -> int:
    """Hand over the report's outbox rows that were never handed over (its acknowledgement,
    written with it); a second call finds them queued and does nothing."""
    rows = dict(
        Message.objects.filter(report_id=report_id, status=Message.Status.PENDING, queued_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "channel")
    )
    return messages_hand_over(message_ids=list(rows), channels=rows) if rows else 0


def _claimable(lease_before) -> Q:
    return Q(status__in=[Message.Status.PENDING, Message.Status.RETRY]) | Q(
        status=Message.Status.SENDING, claimed_at__lt=lease_before
    )


def _claim(message_ids: list[int]) -> list[Message]:
    """Take for sending those of `message_ids` that are not sent, failed or being sent right
    now: one UPDATE, then one SELECT of the rows this claim took (its timestamp is the token;
    a concurrent claimer's UPDATE waits for the row and then no longer matches)."""
    now = timezone.now()
    lease = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE)
    claimed = (
        Message.objects.filter(pk__in=message_ids)
        .filter(_claimable(lease))
        .update(status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return []
    return list(
        Message.objects.select_related("report", "user", "case")
        .filter(pk__in=message_ids, status=Message.Status.SENDING, claimed_at=now)
        .order_by("pk")
    )


@dataclass
class Delivered:
    """What `messages_deliver` did: ids sent now, and ids deferred with their countdown."""

    sent: list[int] = field(default_factory=list)
    deferred: dict[int, float] = field(default_factory=dict)


def messages_deliver(*, message_ids: list[int]) -> Delivered:
    """Send a batch of messages, each unless it is already sent or being sent: one UPDATE to
    claim them, one SELECT to read them, the sends, one UPDATE to mark those sent.

    A sender that fails for now defers its message (status retry, with a countdown); one that
    rejects it for good, or the last attempt failing, marks it failed with the error kept.
    A worker that dies before the mark leaves the batch in sending: past the lease the relay
    hands it over again, and the senders, keyed by message id, replace instead of duplicating.
    """
    result = Delivered()
    for message in _claim(list(message_ids)):
        address = ""
        try:
            address = _address_of(message)
            envelope = _envelope(message, address)
            sender_for(message.channel).send(envelope)
        except SenderRejected as exc:
            _fail(message, _describe(exc, address))
            continue
        except Exception as exc:
            error = _describe(exc, address)
            if message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
                _fail(message, error)
                continue
            countdown = _backoff(message.attempts)
            now = timezone.now()
            Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
                status=Message.Status.RETRY,
                last_error=error,
                next_attempt_at=now + timedelta(seconds=countdown),
                queued_at=now,
            )
            logger.warning(
                "message not sent, will retry",
                extra={"message_id": message.pk, "attempt": message.attempts, "error": type(exc).__name__},
            )
            result.deferred[message.pk] = countdown
            continue
        result.sent.append(message.pk)
    if result.sent:
        # A text given by an adapter (it may carry a receipt) is not kept once delivered.
        Message.objects.filter(pk__in=result.sent, status=Message.Status.SENDING).update(
            status=Message.Status.SENT, sent_at=timezone.now(), last_error="", text=""
        )
        logger.info("message sent", extra={"message_ids": result.sent})
    return result


def message_deliver(*, message_id: int) -> bool:
    """Send one message unless it is already sent or being sent. True when it was sent now.

    Raises DeliveryDeferred when the sender failed and attempts remain; marks the message
    failed, with the error kept, when none remain or the sender rejected it for good.
    """
    result = messages_deliver(message_ids=[message_id])
    if message_id in result.deferred:
        raise DeliveryDeferred(result.deferred[message_id])
    return message_id in result.sent


def _fail(message: Message, error: str) -> None:
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.FAILED, last_error=error
    )
    logger.error("message failed", extra={"message_id": message.pk, "attempts": message.attempts})


def _backoff(attempt: int) -> float:
    base = settings.NOTIFICATIONS_RETRY_BASE * 2 ** max(attempt - 1, 0)
    return min(base, settings.NOTIFICATIONS_RETRY_MAX) * random.uniform(0.8, 1.2)


def _describe(exc: BaseException, address: str) -> str:
    """The error to keep, with the address blanked out wherever a library quoted it."""
    text = f"{type(exc).__name__}: {exc}"[:1000]
    if address:
        text = text.replace(address, "***")
    return text


def _address_of(message: Message) -> str:
    """The decrypted address; called inside the sending task only."""
    if message.address_encrypted:
        return crypto.decrypt(message.address_encrypted)
    if message.channel == Message.Channel.INAPP:
        return str(message.user_id or "")
    if message.report_id:
        report = message.report
        address = {
            Message.Channel.EMAIL: report.reporter_email,
            Message.Channel.SMS: report.reporter_phone,
            Message.Channel.WECHAT: report.reporter_wechat_openid,
        }.get(message.channel, "")
    elif message.user_id:
        address = message.user.email if message.channel == Message.Channel.EMAIL else ""
    else:
        address = ""
    if not address:
        raise SenderRejected("the recipient has no address for this channel")
    return address


def _envelope(message: Message, address: str) -> Envelope:

    with translation.override(language_of(message.language)):
        context = message_context(message)
    subject, body = message_render(message.kind, message.language, context)
    return Envelope(
        message_id=message.pk,
        channel=message.channel,
        kind=message.kind,
        address=address,
        subject=subject,
        body=body,
        user_id=message.user_id,
        case_id=message.case_id,
        context=message.context,
    )


def outbox_relay() -> int:
    """Hand over again what was never handed over, waits past its retry time, or is stuck
    in sending past the lease (a worker died). Returns how many were handed over."""
    now = timezone.now()
    settle = now - timedelta(seconds=settings.NOTIFICATIONS_RELAY_SETTLE)
    stale = now - timedelta(seconds=settings.NOTIFICATIONS_RELAY_STALE)
    lease = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE)
    not_recently_queued = Q(queued_at__isnull=True) | Q(queued_at__lt=stale)
    due = (
        Q(status=Message.Status.PENDING, created_at__lt=settle) & not_recently_queued
        | Q(status=Message.Status.RETRY, next_attempt_at__lt=settle) & not_recently_queued
        | Q(status=Message.Status.SENDING, claimed_at__lt=lease) & not_recently_queued
    )
    ids = list(
        Message.objects.filter(due)
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.NOTIFICATIONS_RELAY_BATCH]
    )
    if not ids:
        return 0
    handed = messages_hand_over(message_ids=ids)
    logger.info("outbox relay", extra={"found": len(ids), "handed_over": handed})
    return handed
