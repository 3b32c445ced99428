"""E-mail through Django's mail backend (file-based on the embedded default, SMTP in
production: EMAIL_HOST and friends)."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from notifications.senders import Envelope, Sender, SenderRejected, SenderUnavailable


class EmailSender(Sender):
    def __init__(self, channel: str = "email"):
        self.channel = channel

    def send(self, envelope: Envelope) -> None:
        if "@" not in envelope.address:
            raise SenderRejected("not an e-mail address")
        email = EmailMessage(
            subject=envelope.subject,
            body=envelope.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[envelope.address],
            headers={"X-Integrity-Message": str(envelope.message_id)},
        )
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused:
            raise SenderRejected("the mail server refused the recipient") from None
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600:
                raise SenderRejected(f"the mail server answered {exc.smtp_code}") from None
            raise SenderUnavailable(f"the mail server answered {exc.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise SenderUnavailable(f"mail server unavailable: {type(exc).__name__}") from None
