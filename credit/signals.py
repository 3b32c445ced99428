"""What the credit registry tells higher apps (notifications). Sent after commit."""

from django.dispatch import Signal

# A credit repair application was approved or refused. kwargs: application_id: int.
# The applicant's phone is on the application, encrypted; the state and refusal reason too.
repair_decided = Signal()
