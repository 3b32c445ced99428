"""The red list (守信红名单) with its incentives, and each sector's listing rules."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from credit.models.subjects import Subject
from intake.models import Area, Bureau


def _english() -> bool:
    return (get_language() or "").startswith("en")


class Incentive(models.Model):
    """A benefit a red-listed subject enjoys (green channel, 容缺受理, fewer inspections)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("red-list incentive")
        verbose_name_plural = _("red-list incentives")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if _english() and self.name_en else self.name

    @property
    def description_label(self) -> str:
        return self.description_en if _english() and self.description_en else self.description


class RedListEntry(models.Model):
    """A trustworthy subject, proposed by a bureau and approved by the credit office."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the credit office")
        APPROVED = "approved", _("On the red list")
        REFUSED = "refused", _("Refused")
        ENDED = "ended", _("Ended")

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="red_list_entries")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("proposing bureau"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why the subject deserves it"))
    incentives = models.ManyToManyField(Incentive, verbose_name=_("incentives"), related_name="entries")
    valid_until = models.DateField(_("listed until"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("why it was refused"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)
    due_at = models.DateTimeField(_("decide by"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    process = models.OneToOneField(
        "viewflow.Process", null=True, blank=True, on_delete=models.SET_NULL, related_name="credit_red_list"
    )

    class Meta:
        verbose_name = _("red list entry")
        verbose_name_plural = _("red list entries")
        ordering = ["-decided_at", "-pk"]
        indexes = [
            models.Index(
                fields=["-decided_at"], condition=models.Q(state="approved"), name="redlist_approved_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_state_display()})"


class SectorPolicy(models.Model):
    """An area's blacklist and red-list criteria and its exit procedure, shown to the public."""

    area = models.OneToOneField(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="credit_policy"
    )
    listing_criteria = models.TextField(_("blacklist criteria"))
    listing_criteria_en = models.TextField(_("blacklist criteria in English"), blank=True)
    exit_procedure = models.TextField(_("exit procedure"))
    exit_procedure_en = models.TextField(_("exit procedure in English"), blank=True)
    red_list_criteria = models.TextField(_("red-list criteria"), blank=True)
    red_list_criteria_en = models.TextField(_("red-list criteria in English"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("sector listing rules")
        verbose_name_plural = _("sector listing rules")
        ordering = ["area__number"]

    def __str__(self) -> str:
        return str(self.area)

    @property
    def listing_criteria_label(self) -> str:
        return self.listing_criteria_en if _english() and self.listing_criteria_en else self.listing_criteria

    @property
    def exit_procedure_label(self) -> str:
        return self.exit_procedure_en if _english() and self.exit_procedure_en else self.exit_procedure

    @property
    def red_list_criteria_label(self) -> str:
        return (
            self.red_list_criteria_en if _english() and self.red_list_criteria_en else self.red_list_criteria
        )
