"""A sender that writes each message to a file: the default SMS and WeChat "gateway" of the
embedded default, so trying the system out needs no account anywhere.

One file per message, named by the message id and written atomically: a second delivery of
the same message replaces the file instead of adding a copy. The files stand for the
resident's phone; they are not a log and are kept under VAR_DIR, outside the repository.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings

from notifications.senders import Envelope, Sender, SenderUnavailable


class FileSender(Sender):
    def __init__(self, channel: str = "sms"):
        self.channel = channel

    @property
    def folder(self) -> Path:
        return Path(settings.NOTIFICATIONS_FILE_OUTBOX) / self.channel

    def send(self, envelope: Envelope) -> None:
        folder = self.folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(f"To: {envelope.address}\nSubject: {envelope.subject}\n\n{envelope.body}\n")
            os.replace(temporary, folder / f"{envelope.message_id}.txt")
        except OSError as exc:
            raise SenderUnavailable(f"cannot write to the file outbox: {exc.strerror}") from None
