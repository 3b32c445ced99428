import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.fields import EncryptedTextField
from intake.models.reference import Area


class Report(models.Model):
    """What a resident reported, from any source. Reporter identity is encrypted at rest."""

    class Source(models.TextChoices):
        WEB = "web", _("Web")
        WECHAT = "wechat", _("WeChat")
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")
        HOTLINE = "hotline", _("Hotline")
        OPEN311 = "open311", _("Open311")

    class Status(models.TextChoices):
        """The public status, the only one a reporter ever sees."""

        RECEIVED = "received", _("Received")
        TRIAGE = "triage", _("In triage")
        HANDLING = "handling", _("Being handled")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    class SubjectKind(models.TextChoices):
        UNKNOWN = "unknown", _("Not known")
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text=_("Blank when the reporter did not know; triage decides."),
    )
    description = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    location = models.CharField(_("where it happened"), max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    answers = models.JSONField(_("answers to the area's questions"), default=dict, blank=True)

    subject_kind = models.CharField(
        _("subject kind"), max_length=15, choices=SubjectKind.choices, default=SubjectKind.UNKNOWN
    )
    subject_name = models.CharField(_("subject name"), max_length=200, blank=True)
    subject_credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, db_index=True
    )
    subject_contacts = models.JSONField(_("phone numbers or accounts used"), default=list, blank=True)

    anonymous = models.BooleanField(_("anonymous"), default=True)
    reporter_name = EncryptedTextField(_("reporter name"), blank=True)
    reporter_phone = EncryptedTextField(_("reporter phone"), blank=True)
    reporter_phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    reporter_id_number = EncryptedTextField(_("reporter identity number"), blank=True)
    reporter_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    reporter_email = EncryptedTextField(_("reporter e-mail"), blank=True)
    reporter_wechat_openid = EncryptedTextField(_("reporter WeChat OpenID"), blank=True)
    reporter_ip = EncryptedTextField(_("reporter IP address"), blank=True)
    language = models.CharField(_("reporter language"), max_length=10, default="zh-hans")

    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    external_id = models.CharField(
        _("message id at the source"),
        max_length=200,
        blank=True,
        help_text=_("Makes a redelivered message or a double submit file only once."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Public handling facts, kept in step by the workflow (intake never reads cases).
    bureau = models.ForeignKey(
        "intake.Bureau",
        verbose_name=_("handling bureau"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_reports",
    )
    expected_at = models.DateTimeField(_("expected by"), null=True, blank=True)
    # While a question waits for the reporter: when the report closes without an answer, once
    # the city adopted a time to answer (None: no period, the silence closes nothing).
    answer_due_at = models.DateTimeField(_("answer due by"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_reports",
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="uniq_report_source_message",
            ),
        ]
        permissions = [("view_reporter_identity", _("Can see who filed a report"))]

    def __str__(self) -> str:
        return self.reference

    @property
    def followed(self) -> "Report":
        """The report whose status the reporter follows: the main one after a merge."""
        return self.merged_into or self


class ReferenceCounter(models.Model):
    """The last reference number issued in a year (DZ-2026-000123)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class ReportMessage(models.Model):
    """An entry in the conversation with the reporter or the report's public record."""

    class Kind(models.TextChoices):
        REPORTER_INFO = "reporter_info", _("Information from the reporter")
        QUESTION = "question", _("Question to the reporter")
        PUBLIC_UPDATE = "public_update", _("Public update")
        REPLY = "reply", _("Reply to the reporter")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report message")
        verbose_name_plural = _("report messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.get_kind_display()}"


def evidence_path(instance: "Attachment", filename: str) -> str:
    # The stored name is random: a resident's file name can identify them.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """Evidence. Never served from a public URL: only through a view that checks access."""

    class Kind(models.TextChoices):
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"
        WEBP = "image/webp", "WebP"
        PDF = "application/pdf", "PDF"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ReportMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to=evidence_path, blank=True)
    content_type = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
