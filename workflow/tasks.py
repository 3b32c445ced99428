"""Celery tasks of the workflow. Arguments are ids only; running twice is harmless."""

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def timers_fire() -> dict:
    """Fire due workflow timers (reminders 催办, escalations 督办, reporter deadlines,
    rectification checks) and open cases of reports whose case opening failed."""
    from workflow.services.timers import timers_fire as fire

    return fire()


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=6)
def report_case_open(self, report_id: int) -> None:
    """Open the case of a stored report (nothing when it has one). Handed over when the report
    commits; a worker that dies before finishing leaves the message unacknowledged, so it is
    delivered again, and the periodic sweep opens whatever is still left without a case."""
    from workflow.services.cases import report_case_open as case_open

    try:
        case_open(report_id=report_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from None
