"""Signal receivers: the contracts of intake and workflow.

`report_stored` arrives inside the report's transaction: the acknowledgement is written with
the report. The others are sent after commit: each receiver writes its outbox rows in its own
transaction and hands them to Celery when that one commits.
"""

import functools
import logging

from django.dispatch import receiver

from intake.signals import reply_requested, report_received, report_stored
from intake.triage.signals import repeat_alert_raised
from notifications import services
from notifications.services.bulletins import bulletin_sections_notify
from supervision.signals import bulletin_sections_sent
from workflow.signals import case_changed, case_purged, task_changed

logger = logging.getLogger(__name__)


def guarded(handler):
    """The sender has committed and must not fail because a notification could not be
    written (a reporter must still see their receipt): log with ids only and go on."""

    @functools.wraps(handler)
    def wrapper(sender, **kwargs):
        try:
            handler(sender, **kwargs)
        except Exception:
            ids = {k: v for k, v in kwargs.items() if k.endswith("_id") or k == "event"}
            logger.exception("notification not written", extra={"signal_ids": ids})

    return wrapper


@receiver(report_stored, dispatch_uid="notifications.report_stored")
@guarded
def on_report_stored(sender, report_id, report=None, **kwargs):
    # Inside the report's transaction: the acknowledgement's outbox row commits with the
    # report, or neither does; the worker that handles report_received hands it over.
    services.report_received_notify(report_id=report_id, fresh=True, report=report)


@receiver(repeat_alert_raised, dispatch_uid="notifications.repeat_alert")
@guarded
def on_repeat_alert(sender, alert_id, **kwargs):
    services.repeat_alert_notify(alert_id=alert_id)


@receiver(report_received, dispatch_uid="notifications.report_received")
@guarded
def on_report_received(sender, report_id, **kwargs):
    # In the worker: hand the acknowledgement written with the report to the senders.
    services.report_messages_hand_over(report_id=report_id)


@receiver(reply_requested, dispatch_uid="notifications.reply_requested")
@guarded
def on_reply_requested(sender, channel, address_encrypted, text, report_id=None, **kwargs):
    services.reply_requested_notify(
        channel=channel, address_encrypted=address_encrypted, text=text, report_id=report_id
    )


@receiver(case_changed, dispatch_uid="notifications.case_changed")
@guarded
def on_case_changed(sender, case_id, event, actor_id=None, **kwargs):
    services.case_changed_notify(case_id=case_id, event=event, actor_id=actor_id)


@receiver(task_changed, dispatch_uid="notifications.task_changed")
@guarded
def on_task_changed(
    sender, task_id, case_id, bureau_id=None, user_id=None, event=None, actor_id=None, **kwargs
):
    services.task_changed_notify(
        task_id=task_id, case_id=case_id, bureau_id=bureau_id, user_id=user_id, event=event, actor_id=actor_id
    )


@receiver(case_purged, dispatch_uid="notifications.case_purged")
@guarded
def on_case_purged(sender, case_id, report_ids, **kwargs):
    services.messages_purge(case_id=case_id, report_ids=report_ids)


@receiver(bulletin_sections_sent, dispatch_uid="notifications.bulletin_sections_sent")
@guarded
def on_bulletin_sections_sent(sender, bulletin_id, section_ids, **kwargs):

    bulletin_sections_notify(section_ids=section_ids)
