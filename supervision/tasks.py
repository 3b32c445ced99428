"""Celery tasks: ids and period names only, idempotent, retried with backoff."""

from celery import shared_task
from django.db import OperationalError


@shared_task(bind=True, max_retries=8, acks_late=True, name="supervision.case_fact_refresh")
def case_fact_refresh(self, case_id: int) -> None:
    """Refresh one case's fact and the roll-ups it touches (a no-op when nothing changed)."""
    from supervision.services.rollups import case_facts_refresh

    try:
        case_facts_refresh(case_ids=[case_id])
    except OperationalError as exc:  # a lock wait or deadlock under load: try again
        raise self.retry(exc=exc, countdown=2**self.request.retries)


@shared_task(acks_late=True, name="supervision.rollup_reconcile")
def rollup_reconcile_task() -> None:
    """Catch up cases whose case_changed event was lost."""
    from supervision.services.rollups import rollup_reconcile

    rollup_reconcile()


@shared_task(bind=True, max_retries=3, acks_late=True, name="supervision.bulletin_build")
def bulletin_build_task(self, bulletin_id: int) -> None:
    """Build a requested bulletin's files (building again replaces them)."""
    from supervision.services.bulletins import bulletin_build

    try:
        bulletin_build(bulletin_id=bulletin_id)
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries)


@shared_task(acks_late=True, name="supervision.bulletin_periodic")
def bulletin_periodic(period: str) -> None:
    """The weekly or monthly bulletin of the period that ended yesterday (beat schedule)."""
    from supervision.services.bulletins import (
        bulletin_due_day,
        bulletin_generate,
    )

    bulletin_generate(period=period, day=bulletin_due_day())
