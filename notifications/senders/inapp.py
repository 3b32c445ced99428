"""In-app notices for staff: a Notice row and a push to the user's live group."""

from notifications.live import live_publish, user_group
from notifications.models import Notice
from notifications.senders import Envelope, Sender, SenderRejected


class InAppSender(Sender):
    def __init__(self, channel: str = "inapp"):
        self.channel = channel

    def send(self, envelope: Envelope) -> None:

        if envelope.user_id is None:
            raise SenderRejected("an in-app notice needs a staff recipient")
        notice, _ = Notice.objects.get_or_create(
            message_id=envelope.message_id,
            defaults={
                "user_id": envelope.user_id,
                "kind": envelope.kind,
                "case_id": envelope.case_id,
                "context": envelope.context,
            },
        )
        live_publish([user_group(envelope.user_id)], "notice", notice_id=notice.pk, case_id=envelope.case_id)
