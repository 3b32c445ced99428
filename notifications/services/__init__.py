"""Every write of the notifications app."""

from notifications.services.events import (
    case_changed_notify,
    figures_changed_publish,
    overdue_digest,
    repeat_alert_notify,
    reply_requested_notify,
    report_received_notify,
    task_changed_notify,
    unassigned_check,
)
from notifications.services.notices import notice_mark_read
from notifications.services.outbox import (
    DeliveryDeferred,
    Draft,
    message_deliver,
    messages_create,
    messages_deliver,
    messages_hand_over,
    outbox_relay,
    report_messages_hand_over,
)
from notifications.services.retention import messages_purge

__all__ = [
    "DeliveryDeferred",
    "Draft",
    "case_changed_notify",
    "figures_changed_publish",
    "message_deliver",
    "messages_create",
    "messages_deliver",
    "messages_hand_over",
    "messages_purge",
    "notice_mark_read",
    "outbox_relay",
    "overdue_digest",
    "repeat_alert_notify",
    "report_messages_hand_over",
    "report_received_notify",
    "reply_requested_notify",
    "task_changed_notify",
    "unassigned_check",
]
