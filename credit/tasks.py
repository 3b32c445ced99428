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
