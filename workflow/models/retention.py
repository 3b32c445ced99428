"""Retention: how long a closed case keeps its personal data, by how it ended.

After the period the purge (workflow.services.retention) deletes the reporter's identity,
the evidence files and the free text, and keeps the anonymous figures (area, bureau, dates,
stages, outcomes' kinds, ratings) that supervision counts. A case on legal hold is kept.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.models.cases import Case, Outcome


class RetentionPolicy(models.Model):
    """Days a closed case is kept after closing, for one resolution and (optionally) one
    outcome kind. The most specific matching row wins; among equals, the longest period."""

    resolution = models.CharField(
        _("how the case ended"),
        max_length=20,
        choices=Case.Resolution.choices,
        blank=True,
        help_text=_("Blank: any."),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.Kind.choices,
        blank=True,
        help_text=_("Blank: any, or none."),
    )
    keep_days = models.PositiveIntegerField(
        _("keep for (days after closing)"), validators=[MinValueValidator(1)]
    )
    draft = models.BooleanField(
        _("draft default"),
        default=False,
        help_text=_("Shipped as a proposal: the city decides the periods and clears this mark."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        ordering = ["resolution", "outcome"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "outcome"], name="uniq_retention_policy"),
        ]

    def __str__(self) -> str:
        resolution = self.get_resolution_display() if self.resolution else _("any ending")
        outcome = self.get_outcome_display() if self.outcome else _("any outcome")
        return f"{resolution} / {outcome}: {self.keep_days}"

    @property
    def specificity(self) -> int:
        return bool(self.resolution) + bool(self.outcome)
