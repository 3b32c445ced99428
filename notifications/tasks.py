"""Celery tasks. Arguments are ids only; a second run of any of them is harmless."""

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def message_send(self, message_id: int) -> None:
    """Deliver one outbox message (nothing if it was sent already), retrying with backoff."""
    from notifications.services import DeliveryDeferred, message_deliver

    try:
        message_deliver(message_id=message_id)
    except DeliveryDeferred as deferred:
        raise self.retry(countdown=deferred.countdown)


@shared_task(acks_late=True, ignore_result=True)
def messages_send(message_ids: list[int]) -> None:
    """Deliver a batch of outbox messages (those already sent are skipped). One that must wait
    is queued again on its own after its backoff; the relay re-queues it if that is lost."""
    from notifications.services import messages_deliver

    result = messages_deliver(message_ids=message_ids)
    for message_id, countdown in result.deferred.items():
        message_send.apply_async((message_id,), countdown=countdown)


@shared_task(acks_late=True, ignore_result=True)
def outbox_relay() -> int:
    """Re-queue messages never handed over (broker down at commit), past due or stuck."""
    from notifications.services import outbox_relay as relay

    return relay()


@shared_task(acks_late=True, ignore_result=True)
def unassigned_check() -> int:
    """Alert bureau heads whose unassigned tasks pile up."""
    from notifications.services import unassigned_check as check

    return len(check())


@shared_task(acks_late=True, ignore_result=True)
def overdue_digest() -> int:
    """Send supervisors the daily digest of overdue cases."""
    from notifications.services import overdue_digest as digest

    return len(digest())
