"""The outbox of messages to people, and the in-app notices staff read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.fields import EncryptedTextField


class Message(models.Model):
    """One message to one recipient through one channel: the outbox row.

    Written in the transaction of the event that causes it, handed to Celery on commit,
    re-queued by the relay when it was never handed over or got stuck. Nothing personal is
    stored in plain text: a reporter's address is read from the report (or kept as a Fernet
    token in `address_encrypted`) and decrypted only inside the sending task.
    """

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Acknowledgement of a report")
        MORE_INFO = "more_info", _("Request for more information")
        REPLY = "reply", _("Reply and rating request")
        CLOSED = "closed", _("Case closed")
        SOURCE_REPLY = "source_reply", _("Answer through the reporting channel")
        TASK_NEW = "task_new", _("New task")
        ASSISTANCE = "assistance", _("Assistance request")
        REMINDER = "reminder", _("Reminder of an overdue task")
        UNASSIGNED = "unassigned", _("Unassigned tasks piling up")
        ESCALATION = "escalation", _("Escalation of an overdue case")
        EXTENSION = "extension", _("Extension request")
        DISPUTE = "dispute", _("Dispute by the reporter")
        DIGEST = "digest", _("Daily digest of overdue cases")
        REPORTER_INFO = "reporter_info", _("The reporter added information")
        REPEAT_ALERT = "repeat_alert", _("A subject or number reported again and again")
        BULLETIN = "bulletin", _("The unit's section of a bulletin")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        WECHAT = "wechat", _("WeChat")
        INAPP = "inapp", _("In-app notice")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        RETRY = "retry", _("Waiting for another attempt")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    report = models.ForeignKey(
        "intake.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        "workflow.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    address_encrypted = models.TextField(
        blank=True, help_text=_("A Fernet token; only for answers a source adapter asked for.")
    )
    text = EncryptedTextField(_("text given by the sender"), blank=True)
    context = models.JSONField(_("ids and references for the template"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    dedupe_key = models.CharField(max_length=150, null=True, blank=True, unique=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("handed to the broker at"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                condition=models.Q(status__in=["pending", "sending", "retry"]),
                name="message_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.kind} {self.channel} {self.status}"


class Notice(models.Model):
    """An in-app notice to a staff member; rendered in the reader's language when shown."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    message = models.OneToOneField(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="notice"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Message.Kind.choices)
    case = models.ForeignKey(
        "workflow.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notice_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.get_kind_display()}"
