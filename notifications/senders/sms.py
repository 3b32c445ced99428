"""SMS through an HTTP gateway: POST JSON {to, text, client_id} with a bearer key.

`client_id` is the outbox message id, so a gateway that deduplicates on it never sends a
message twice even if a worker dies between the gateway's answer and marking it sent.
"""

import requests
from django.conf import settings

from notifications.senders import Envelope, Sender, SenderRejected, SenderUnavailable


class HttpSmsSender(Sender):
    def __init__(self, channel: str = "sms", session: requests.Session | None = None):
        self.channel = channel
        self.session = session or requests.Session()

    def send(self, envelope: Envelope) -> None:
        if not settings.SMS_GATEWAY_URL:
            raise SenderRejected("SMS_GATEWAY_URL is not set")
        text = f"{envelope.subject}\n{envelope.body}" if envelope.subject else envelope.body
        try:
            response = self.session.post(
                settings.SMS_GATEWAY_URL,
                json={"to": envelope.address, "text": text, "client_id": str(envelope.message_id)},
                headers={"Authorization": f"Bearer {settings.SMS_GATEWAY_KEY}"},
                timeout=settings.SMS_GATEWAY_TIMEOUT,
            )
        except requests.RequestException as exc:
            raise SenderUnavailable(f"SMS gateway unreachable: {type(exc).__name__}") from None
        if response.status_code == 429 or response.status_code >= 500:
            raise SenderUnavailable(f"SMS gateway answered {response.status_code}")
        if response.status_code >= 400:
            raise SenderRejected(f"SMS gateway refused the message: {response.status_code}")
