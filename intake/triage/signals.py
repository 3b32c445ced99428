"""Signals of triage assistance, sent after commit; higher apps (notifications) listen."""

from django.dispatch import Signal

# A subject or number was reported more than the policy allows: alert_id of a RepeatAlert.
repeat_alert_raised = Signal()
