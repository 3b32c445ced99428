"""State kept by the source adapters: conversations, processed message ids, API clients.

Contact details are stored encrypted, with a keyed hash beside them where a lookup is
needed. Processed-message rows exist so a redelivered message never files twice.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.fields import EncryptedTextField
from intake.models.reference import Area


class WeChatConversation(models.Model):
    """A resident's report in progress on the WeChat official account, one per OpenID."""

    class Step(models.TextChoices):
        AREA = "area", _("Choosing the area")
        QUESTION = "question", _("Answering the area's questions")
        DESCRIPTION = "description", _("Describing what happened")
        CONFIRM = "confirm", _("Confirming")

    openid_hash = models.CharField(max_length=64, unique=True)
    openid = EncryptedTextField(_("WeChat OpenID"))
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.AREA)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    question_index = models.PositiveSmallIntegerField(default=0)
    answers = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)
    location = models.CharField(max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    language = models.CharField(max_length=10, default="zh-hans")
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("WeChat conversation")
        verbose_name_plural = _("WeChat conversations")

    def __str__(self) -> str:
        return f"conversation {self.pk} ({self.step})"


def pending_photo_path(instance: "WeChatPhoto", filename: str) -> str:
    return f"wechat-pending/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class WeChatPhoto(models.Model):
    """A photo sent during a conversation: fetched and checked by a Celery task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being checked")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    conversation = models.ForeignKey(WeChatConversation, on_delete=models.CASCADE, related_name="photos")
    media_id = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to=pending_photo_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class WeChatMessage(models.Model):
    """A message or event from WeChat already handled, with its passive reply for retries.

    `key` is "msg:<MsgId>", or "event:<OpenID hash>:<CreateTime>" for events, as WeChat
    advises for de-duplication. The reply can hold a receipt: it is encrypted and cleared
    after a few minutes, long enough to answer WeChat's retries.
    """

    key = models.CharField(max_length=200, unique=True)
    reply = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)


class SmsMessage(models.Model):
    """An SMS gateway message id already received: a second delivery is refused."""

    message_id = models.CharField(max_length=200, unique=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)


class EmailMessage(models.Model):
    """An e-mail already processed, by a keyed hash of its Message-ID (or mailbox UID)."""

    class Outcome(models.TextChoices):
        FILED = "filed", _("Filed as a report")
        ANSWERED = "answered", _("Answered without a report")
        IGNORED = "ignored", _("Ignored (automatic or without sender)")

    key = models.CharField(max_length=64, unique=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    processed_at = models.DateTimeField(default=timezone.now, db_index=True)


class Open311Client(models.Model):
    """An application allowed to file Open311 service requests. One API key per client."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("key begins with"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
