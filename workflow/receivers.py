"""What the workflow does when intake reports something. Receivers run after intake's commit
(report_received in a worker); a failure is logged (ids only) and never surfaces to the
resident, whose input is stored."""

import logging

from django.dispatch import receiver

from intake.signals import policy_version_adopted, report_received, reporter_message_added, reporter_rated
from workflow import services
from workflow.services.suggestions import case_auto_dispatch

logger = logging.getLogger(__name__)


@receiver(report_received, dispatch_uid="workflow.open_case")
def open_case(sender, report_id, **kwargs):
    """In the worker: open the case (nothing if open). A failure raises, so the task retries;
    past its retries the periodic sweep opens it. Then the assistant may dispatch it."""
    services.report_case_open(report_id=report_id)
    try:
        case_auto_dispatch(report_id=report_id)
    except Exception:
        # The case waits for a triage officer, as without the assistant.
        logger.exception("could not dispatch a report automatically", extra={"report_id": report_id})


@receiver(reporter_message_added, dispatch_uid="workflow.reporter_message")
def reporter_message(sender, report_id, message_id, **kwargs):
    try:
        services.reporter_message_received(report_id=report_id, message_id=message_id)
    except Exception:
        logger.exception("could not pass a reporter's message to the case", extra={"report_id": report_id})


@receiver(reporter_rated, dispatch_uid="workflow.reporter_rating")
def reporter_rating(sender, report_id, rating, message_id=None, **kwargs):
    try:
        services.reporter_rating_received(report_id=report_id, rating=rating, message_id=message_id)
    except Exception:
        logger.exception("could not pass a reporter's rating to the case", extra={"report_id": report_id})


@receiver(policy_version_adopted, dispatch_uid="workflow.rating_period_adopted")
def rating_period_adopted(sender, version_id, **kwargs):
    """In the adopting transaction: cases waiting for a rating get the adopted period."""
    services.rating_timers_reschedule(version_id=version_id)
