"""Triage assistance: trained models, the policy an administrator sets, what was suggested
for each report and what triage made of it, the numbers and names a report mentions, and
alerts about a subject or number reported again and again."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.models import Area, Report


class TriageModel(models.Model):
    """One trained area classifier. Exactly one is active; an older one can be activated again."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    is_active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(_("trained at"), auto_now_add=True)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    training_counts = models.JSONField(
        _("training data counts"),
        default=dict,
        help_text=_("Texts per label, from the starter corpus and from triage decisions."),
    )
    evaluation = models.JSONField(_("evaluation figures"), default=dict, blank=True)
    blob = models.BinaryField(_("model"), editable=False)

    class Meta:
        verbose_name = _("triage model")
        verbose_name_plural = _("triage models")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_triage_model"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class TriagePolicy(models.Model):
    """The administrator's settings for triage assistance (one row)."""

    auto_dispatch_threshold = models.DecimalField(
        _("auto-dispatch threshold"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "Dispatch a report to its suggested area's lead bureau at once when the top suggestion "
            "scores at least this (0.5 to 1). Empty: off."
        ),
    )
    alert_count = models.PositiveSmallIntegerField(
        _("alert after more than this many reports"),
        default=3,
        help_text=_("A subject or number reported more than this many times raises an alert."),
    )
    alert_days = models.PositiveSmallIntegerField(_("within this many days"), default=30)
    duplicate_days = models.PositiveSmallIntegerField(
        _("look for duplicates this many days back"), default=90
    )

    class Meta:
        verbose_name = _("triage policy")
        verbose_name_plural = _("triage policy")

    def __str__(self) -> str:
        return str(_("Triage policy"))


class ReportSuggestion(models.Model):
    """What the model suggested for a report, and what triage decided."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="suggestion")
    model = models.ForeignKey(TriageModel, null=True, on_delete=models.SET_NULL, related_name="+")
    suggestions = models.JSONField(_("suggested areas"), default=list)
    out_of_scope = models.FloatField(_("out of scope"), default=0.0)
    top_area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    top_score = models.FloatField(_("top score"), default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Filled when triage decides (dispatch or reject): the label retraining learns from.
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)
    confirmed_area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_out_of_scope = models.BooleanField(default=False)
    accepted = models.BooleanField(_("top suggestion accepted"), null=True)
    auto_dispatched = models.BooleanField(_("dispatched automatically"), default=False)

    class Meta:
        verbose_name = _("area suggestion")
        verbose_name_plural = _("area suggestions")


class ReportMark(models.Model):
    """A number or name a report mentions, normalised, for finding the same matter again."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone number")
        ACCOUNT = "account", _("Bank account")
        CREDIT_CODE = "credit_code", _("Unified social credit code")
        SUBJECT = "subject", _("Subject name in a town")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="marks")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    value = models.CharField(max_length=200)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("report mark")
        verbose_name_plural = _("report marks")
        indexes = [models.Index(fields=["kind", "value", "created_at"], name="mark_lookup")]
        constraints = [models.UniqueConstraint(fields=["report", "kind", "value"], name="uniq_report_mark")]


class RepeatAlert(models.Model):
    """A subject or number reported more than the policy's count within its days."""

    kind = models.CharField(max_length=15, choices=ReportMark.Kind.choices)
    value = models.CharField(max_length=200)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    report_count = models.PositiveIntegerField(_("reports"))
    days = models.PositiveSmallIntegerField(_("days"))
    latest_report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("repeat alert")
        verbose_name_plural = _("repeat alerts")
        ordering = ["-created_at"]
