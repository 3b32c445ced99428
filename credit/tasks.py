"""Periodic work of the credit registry (scheduled in settings.CELERY_BEAT_SCHEDULE).

No arguments, nothing personal in the broker; a second run finds nothing left to do.
"""

from celery import shared_task


@shared_task(acks_late=True)
def decisions_sweep() -> int:
    """Apply decided outcomes whose case_changed event never arrived."""
    from credit.services.decisions import decisions_sweep as sweep

    return sweep()


@shared_task(acks_late=True)
def lists_expire() -> dict:
    """End blacklist listings and red-list entries whose period is over."""
    from credit.services.listings import listings_expire
    from credit.services.redlist import redlist_expire

    return {"listings": listings_expire(), "red_list": redlist_expire()}


@shared_task(acks_late=True)
def feed_daily() -> int | None:
    """Build yesterday's batch for the credit platform and queue its push; returns its id."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from credit.feed.services import feed_batch_build

    batch = feed_batch_build(day=timezone.localdate() - datetime.timedelta(days=1))
    if batch.state == batch.State.BUILT:
        transaction.on_commit(lambda: feed_push.delay(batch.pk))
    return batch.pk


@shared_task(bind=True, max_retries=8, acks_late=True)
def feed_push(self, batch_id: int) -> str:
    """Push a batch; retried with backoff while the platform is unavailable."""
    from credit.feed.pushers import PushUnavailable
    from credit.feed.services import feed_batch_push

    try:
        batch = feed_batch_push(batch_id=batch_id, final=self.request.retries >= self.max_retries)
    except PushUnavailable as exc:
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from None
    return batch.state
