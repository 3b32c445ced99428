"""Credit repair (信用修复): a listed subject applies to come off the blacklist."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from credit.models.lists import Listing
from intake.fields import EncryptedTextField


class RepairApplication(models.Model):
    """An application with evidence of correction: lead bureau reviews, credit office decides."""

    class State(models.TextChoices):
        REVIEW = "review", _("Being reviewed by the deciding bureau")
        APPROVAL = "approval", _("Waiting for the credit office")
        APPROVED = "approved", _("Approved: the listing has ended")
        REFUSED = "refused", _("Refused")

    class ApplicantRole(models.TextChoices):
        SUBJECT = "subject", _("The listed subject")
        REPRESENTATIVE = "representative", _("Its representative")

    class Correction(models.TextChoices):
        RECTIFIED = "rectified", _("Corrected the behaviour and removed its effects")
        TRAINING = "training", _("Took credit training")
        PUBLIC_SERVICE = "public_service", _("Did public-interest service")

    OPEN_STATES = (State.REVIEW, State.APPROVAL)

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="repair_applications")
    applicant_role = models.CharField(_("applicant"), max_length=15, choices=ApplicantRole.choices)
    applicant_name = EncryptedTextField(_("applicant name"))
    applicant_phone = EncryptedTextField(_("applicant phone"))
    corrections = models.JSONField(_("corrections made"), default=list)
    statement = models.TextField(_("what was done"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REVIEW)
    review_opinion = models.TextField(_("review opinion"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("why it was refused"), blank=True)
    due_at = models.DateTimeField(_("current step due"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    process = models.OneToOneField(
        "viewflow.Process", null=True, blank=True, on_delete=models.SET_NULL, related_name="credit_repair"
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit repair application")
        verbose_name_plural = _("credit repair applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing"],
                condition=models.Q(state__in=["review", "approval"]),
                name="one_open_repair_per_listing",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def corrections_display(self) -> list[str]:
        labels = dict(self.Correction.choices)
        return [str(labels.get(code, code)) for code in self.corrections]


def repair_evidence_path(instance: "RepairEvidence", filename: str) -> str:
    # A random name: the applicant's file name can identify them.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"credit/repair/{uuid.uuid4().hex}.{extension}"


class RepairEvidence(models.Model):
    """A file proving the correction. Private: only the reviewing officers can open it."""

    application = models.ForeignKey(RepairApplication, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=repair_evidence_path)
    content_type = models.CharField(_("type"), max_length=30)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repair evidence")
        verbose_name_plural = _("repair evidence")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.pk}"
