from django.dispatch import Signal

# Sent after the transaction that stored a report commits; kwargs: report_id.
report_received = Signal()
# Sent after a reporter added information through their receipt; kwargs: report_id, message_id.
reporter_message_added = Signal()
