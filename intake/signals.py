from django.dispatch import Signal

# Sent inside the transaction that stores a report, after its rows are written; kwargs:
# report_id, report (the instance: in this process only, never to a broker). Receivers write only what must commit with the report (outbox rows) and queue
# nothing: their rows commit with the report or neither does.
report_stored = Signal()
# Sent in a Celery worker (intake.tasks.report_received_send) once the report committed;
# kwargs: report_id. It may come twice for a report: receivers must be harmless twice, and
# raise to have it retried.
report_received = Signal()
# Sent after a reporter added information through their receipt; kwargs: report_id, message_id.
reporter_message_added = Signal()

# A source adapter wants a text sent back to a resident through the channel they used.
# kwargs: channel: str ("sms" | "email" | "wechat"), address_encrypted: str (the phone, e-mail
# address or OpenID encrypted with intake.crypto.encrypt: never plain), text: str,
# report_id: int | None. Sent after commit; the notifications app delivers it.
reply_requested = Signal()

# The reporter rated the handling through their receipt. kwargs: report_id (the report the
# case follows), rating: int 1-5, message_id: int | None (their dispute, stored as a
# reporter_info message; None when they did not dispute). Sent after commit.
reporter_rated = Signal()

# A policy version was adopted; kwargs: version_id. Sent inside the adopting transaction so a
# higher app can put the adopted rule in force atomically (credit: sector criteria).
policy_version_adopted = Signal()
