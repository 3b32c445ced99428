"""Celery tasks of the workflow. Arguments are ids only; running twice is harmless."""

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def timers_fire() -> dict:
    """Fire due workflow timers (reminders 催办, escalations 督办, reporter deadlines,
    rectification checks) and open cases of reports whose case opening failed."""
    from workflow.services.timers import timers_fire as fire

    return fire()


@shared_task(acks_late=True, ignore_result=True)
def retention_purge() -> dict:
    """Purge the personal data of closed cases past their retention period (legal holds kept)."""
    from workflow.services.retention import retention_purge as purge

    summary = purge()
    return {"purged": len(summary.cases), "held": summary.held, "files": summary.files}
