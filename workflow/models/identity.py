"""Identity release: an officer asks, with a reason, to see who filed a real-name report; an
identity custodian approves or refuses; an approval opens the identity to that officer for
the time the policy sets. Every request, decision and showing is kept for supervisors."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow.models.cases import Case


class IdentityReleasePolicy(models.Model):
    """How long an approved release stays open. One row, edited in the admin."""

    open_hours = models.PositiveSmallIntegerField(
        _("open for (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text=_("How long an approved officer may open the reporter's identity."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("identity release policy")
        verbose_name_plural = _("identity release policy")

    def __str__(self) -> str:
        return str(_("Open for %(hours)s hours") % {"hours": self.open_hours})

    @property
    def open_for(self) -> timedelta:
        return timedelta(hours=self.open_hours)


class IdentityRelease(models.Model):
    """One officer's request to see a case's reporter identity, and the custodian's decision."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the custodian")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="identity_releases")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("custodian's note"), blank=True)
    open_until = models.DateTimeField(_("open until"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity release request")
        verbose_name_plural = _("identity release requests")
        ordering = ["-requested_at", "-pk"]
        permissions = [("decide_identity_release", _("Can approve or refuse identity release requests"))]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="identity_release_status"),
            models.Index(fields=["case", "requested_by", "status"], name="identity_release_lookup"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "requested_by"],
                condition=models.Q(status="requested"),
                name="one_waiting_identity_release",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.requested_by_id} {self.status}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.APPROVED and self.open_until is not None and self.open_until > now
