"""Credit records: append-only. A correction is a new record that supersedes the old one.

Three guards keep a record from changing: the model refuses to save an existing row, the
queryset refuses update() and delete(), and a database trigger (migration 0002) refuses any
UPDATE that reaches the table by another way.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from credit.models.subjects import Subject
from intake.models import Area, Bureau


class RecordImmutable(Exception):
    """A credit record was about to be changed or deleted in place."""


class CreditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RecordImmutable("credit records are append-only: write a superseding record")

    def delete(self):
        raise RecordImmutable("credit records are append-only: they are never deleted")

    def current(self):
        """Records no correction has replaced."""
        return self.filter(superseded_by__isnull=True)


class CreditRecord(models.Model):
    """One fact in a subject's credit file, with its case, bureau, basis and validity."""

    class Kind(models.TextChoices):
        RECTIFICATION_ORDERED = "rectification_ordered", _("Rectification ordered")
        RECTIFICATION_MET = "rectification_met", _("Rectified in time")
        RECTIFICATION_MISSED = "rectification_missed", _("Not rectified in time")
        INTERVIEW = "interview", _("Interview of the responsible person")
        PENALTY = "penalty", _("Administrative penalty")
        BLACKLIST = "blacklist", _("Listed on the blacklist")
        LISTING_ENDED = "listing_ended", _("Blacklist listing ended")
        REFERRAL = "referral", _("Referred to public security")
        REFERRAL_ACKNOWLEDGED = "referral_acknowledged", _("Referral acknowledged by the police")
        REFERRAL_SENT_BACK = "referral_sent_back", _("Referral sent back by the police")
        JUDICIAL_REFERRAL = "judicial_referral", _("Referred to judicial organs")
        BANNED = "banned", _("Banned as an illegal social organisation")
        EXPOSURE = "exposure", _("Public exposure")
        ACCOUNTABILITY = "accountability", _("Accountability of officials")
        SHUTDOWN = "shutdown", _("Fraud numbers and accounts shut down")
        RED_LIST = "red_list", _("Listed on the red list")
        RED_LIST_ENDED = "red_list_ended", _("Red list entry ended")

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="credit_records")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    case = models.ForeignKey(
        "workflow.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_records"
    )
    outcome = models.ForeignKey(
        "workflow.Outcome",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_records",
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("summary"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    concerns = models.ForeignKey(
        "self",
        verbose_name=_("follows up"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    # What produced the record (e.g. "outcome:12:decided"): a second delivery writes nothing.
    event_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CreditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["subject", "occurred_at"], name="record_subject_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.valid_from})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RecordImmutable("credit records are append-only: write a superseding record")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordImmutable("credit records are append-only: they are never deleted")
