from django.dispatch import Signal

# Sent after the transaction that stored a report commits; kwargs: report_id.
report_received = Signal()
# Sent after a reporter added information through their receipt; kwargs: report_id, message_id.
reporter_message_added = Signal()

# A source adapter wants a text sent back to a resident through the channel they used.
# kwargs: channel: str ("sms" | "email" | "wechat"), address_encrypted: str (the phone, e-mail
# address or OpenID encrypted with intake.crypto.encrypt: never plain), text: str,
# report_id: int | None. Sent after commit; the notifications app delivers it.
reply_requested = Signal()
