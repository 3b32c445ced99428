"""Celery tasks for slow source work. Arguments are ids only, never personal data."""

import logging

from celery import shared_task
from django.core.cache import cache

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=6)
def report_received_send(self, report_id: int) -> None:
    """Tell the other apps, in a worker, that a report was stored: the workflow opens its case,
    credit links its subject, notifications hands over its acknowledgement. Queued when the
    report commits; a worker that dies first leaves it unacknowledged, so it runs again, and
    every receiver is harmless twice. A receiver that failed makes it retry (all of them run
    again); past the retries the periodic sweep opens the case and the relay sends the rest."""
    from intake.models import Report
    from intake.signals import report_received

    failures = [
        result
        for _receiver, result in report_received.send_robust(sender=Report, report_id=report_id)
        if isinstance(result, Exception)
    ]
    if failures:
        logger.warning(
            "report_received receivers failed, retrying",
            extra={"report_id": report_id, "errors": [type(e).__name__ for e in failures]},
        )
        raise self.retry(exc=failures[0], countdown=2**self.request.retries)


@shared_task(bind=True, max_retries=4, acks_late=True)
def wechat_photo_fetch(self, photo_id: int) -> None:
    """Fetch a WeChat photo by its MediaId and check it; retried while WeChat is unreachable."""
    from intake.sources.wechat.photos import PhotoFetchFailed, wechat_photo_check

    try:
        wechat_photo_check(photo_id=photo_id, final_attempt=self.request.retries >= self.max_retries)
    except PhotoFetchFailed as exc:
        raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1))


@shared_task(acks_late=True)
def email_fetch() -> dict:
    """Fetch new e-mail from the IMAP mailbox (periodic); one run at a time."""
    from intake.sources.email.fetch import MailboxUnavailable, mail_fetch

    if not cache.add("intake:email-fetch-lock", 1, timeout=15 * 60):
        logger.info("e-mail fetch already running")
        return {}
    try:
        return mail_fetch().as_dict()
    except MailboxUnavailable as exc:  # the next poll tries again; say why, without a traceback
        logger.warning("e-mail fetch: %s", exc)
        return {"failed": 1}
    finally:
        cache.delete("intake:email-fetch-lock")


@shared_task
def sources_cleanup() -> None:
    """Expire idle WeChat conversations and forget old message ids and stored replies."""
    from intake.sources.maintenance import sources_forget

    sources_forget()


@shared_task(bind=True, max_retries=5, acks_late=True)
def attachment_thumbnail(self, attachment_id: int) -> None:
    """Make an image attachment's thumbnail from the evidence store (any worker machine)."""
    from intake.services import attachment_thumbnail_make

    try:
        attachment_thumbnail_make(attachment_id=attachment_id)
    except OSError as exc:  # the store is briefly unreachable
        raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1))


@shared_task(acks_late=True)
def attachment_thumbnails_sweep() -> int:
    """Safety net: queue thumbnails whose hand-over to the broker was lost."""
    from intake.services import attachment_thumbnails_missing

    missing = attachment_thumbnails_missing()
    for attachment_id in missing:
        attachment_thumbnail.delay(attachment_id)
    return len(missing)
