"""Campaigns, assessment weights, typical cases, bulletins, and the figures' roll-ups.

The dashboard never aggregates `workflow.Case` row by row: each case is condensed into a
`CaseFact` (what it counts towards: accepted, closed, on time per step, working days to
close), the facts of one day into `DailyRollup` rows per area, bureau and source, and the
days of a month into `MonthlyRollup` rows. All are refreshed from `case_changed` events
(see services/rollups.py); a period reads whole months from the monthly table and only
its first and last partial months from the daily one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.models import Area, Bureau, Report
from intake.models.reference import Localized
from workflow.models import Case

# Working days to close are counted exactly from 0 to CLOSE_DAYS_MAX in the roll-up; the
# rare longer ones share one bucket and are read from the facts when a percentile falls there.
CLOSE_DAYS_MAX = 40


class Campaign(Localized):
    """A special-treatment campaign (专项治理) over some areas, run in phases."""

    areas = models.ManyToManyField(Area, verbose_name=_("areas"), related_name="campaigns")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["pk"]


class Phase(Localized):
    """A phase of a campaign; `end` is blank while the phase has no set end."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "start", "pk"]

    def clean(self) -> None:
        if self.end and self.end < self.start:
            raise ValidationError({"end": _("A phase cannot end before it starts.")})


class TypicalCase(models.Model):
    """A case a supervisor marked as typical, for publicity in the bulletins (典型案例)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="typical")
    note = models.TextField(_("note for publicity"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        ordering = ["-marked_at"]

    def __str__(self) -> str:
        return str(self.case_id)


def bulletin_path(instance: "Bulletin", filename: str) -> str:
    return f"bulletins/{instance.period}-{instance.start:%Y%m%d}-{filename}"


class Bulletin(models.Model):
    """A periodic written bulletin (定期通报): a PDF and an Excel workbook, kept for download."""

    class Period(models.TextChoices):
        WEEK = "week", _("Weekly")
        MONTH = "month", _("Monthly")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    pdf = models.FileField(_("PDF"), upload_to=bulletin_path, blank=True)
    workbook = models.FileField(_("Excel workbook"), upload_to=bulletin_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-start", "period"]
        constraints = [models.UniqueConstraint(fields=["period", "start"], name="one_bulletin_per_period")]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.start}..{self.end}"


class CaseFact(models.Model):
    """What one case counts towards in the figures, computed from its columns and deadlines."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="supervision_fact"
    )
    created_on = models.DateField()
    closed_on = models.DateField(null=True, help_text="Set only when `closed`.")
    area = models.ForeignKey(
        Area, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    bureau = models.ForeignKey(
        Bureau, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Report.Source.choices)
    accepted = models.BooleanField()
    closed = models.BooleanField()
    triage_on_time = models.BooleanField(null=True)
    sign_on_time = models.BooleanField(null=True)
    investigate_on_time = models.BooleanField(null=True)
    close_working_days = models.PositiveSmallIntegerField(null=True)
    returned = models.BooleanField()
    reopened = models.BooleanField()
    rating = models.PositiveSmallIntegerField(null=True)
    disputed = models.BooleanField()
    case_updated_at = models.DateTimeField()
    refreshed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["created_on"], name="fact_created"),
            models.Index(fields=["bureau", "created_on"], name="fact_bureau_created"),
            models.Index(fields=["area", "created_on"], name="fact_area_created"),
            models.Index(fields=["closed_on"], name="fact_closed", condition=models.Q(closed=True)),
        ]


class RollupCounts(models.Model):
    """Sums of case facts for one area, bureau and source over a day or a month.

    Cohort columns count the cases received in the span; `closures` counts accepted cases
    closed in it (the weekly trend). Columns wd_0..wd_40 and wd_over are the distribution
    of working days to close of the cohort's closed cases.
    """

    area = models.ForeignKey(
        Area, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    bureau = models.ForeignKey(
        Bureau, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    source = models.CharField(max_length=10)
    received = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    closures = models.PositiveIntegerField(default=0)
    triage_measured = models.PositiveIntegerField(default=0)
    triage_on_time = models.PositiveIntegerField(default=0)
    sign_measured = models.PositiveIntegerField(default=0)
    sign_on_time = models.PositiveIntegerField(default=0)
    investigate_measured = models.PositiveIntegerField(default=0)
    investigate_on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0, help_text="Cases with at least one step late.")
    returned = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    disputed = models.PositiveIntegerField(default=0)
    wd_over = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyRollup(RollupCounts):
    """The facts of one day: received that day (cohort) or closed that day (`closures`)."""

    day = models.DateField()

    class Meta:
        indexes = [
            # Covers the weekly trend: an index-only scan whatever the filter.
            models.Index(
                fields=["day"],
                include=["area", "bureau", "source", "received", "closures"],
                name="rollup_day",
            ),
            models.Index(fields=["bureau", "day"], name="rollup_bureau_day"),
            models.Index(fields=["area", "day"], name="rollup_area_day"),
        ]


class MonthlyRollup(RollupCounts):
    """The daily roll-ups of one calendar month summed: whole months of a period read these."""

    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        indexes = [
            models.Index(fields=["month"], name="rollup_month"),
            models.Index(fields=["bureau", "month"], name="rollup_bureau_month"),
        ]


for _model in (DailyRollup, MonthlyRollup):
    for _days in range(CLOSE_DAYS_MAX + 1):
        _model.add_to_class(f"wd_{_days}", models.PositiveIntegerField(default=0))

# Every summable column of a roll-up, in order.
ROLLUP_COUNTS = tuple(
    field.name
    for field in DailyRollup._meta.concrete_fields
    if isinstance(field, models.PositiveIntegerField)
)


class RollupDay(models.Model):
    """One row per day whose roll-up exists: locked while that day is recomputed."""

    day = models.DateField(primary_key=True)
    refreshed_at = models.DateTimeField(null=True)


class RollupWatermark(models.Model):
    """How far the periodic reconciliation has read `Case.updated_at` (a single row)."""

    case_updated_at = models.DateTimeField(null=True)


class UnitOutcome(models.Model):
    """What supervisors decided about a unit from the assessment figures (rules, part 5.2):
    commendation and publicity, a rectification order with a deadline and criticism in the
    bulletin, or referral for accountability. Never automatic."""

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("Commended, for publicity in the media")
        RECTIFICATION = "rectification", _("Rectification order with a deadline, criticised in the bulletin")
        ACCOUNTABILITY = "accountability", _("Referred for accountability")

    bureau = models.ForeignKey(
        "intake.Bureau", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assessment_outcomes"
    )
    kind = models.CharField(_("outcome"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("figures from"))
    period_end = models.DateField(_("figures until"))
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    reason = models.TextField(_("reason"))
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("assessment outcome of a unit")
        verbose_name_plural = _("assessment outcomes of units")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.bureau}: {self.get_kind_display()}"


class BulletinSection(models.Model):
    """A unit's part of a bulletin, fed back to it in writing (rules, part 5.3: 书面报告及时反馈给
    相关责任单位), with the unit's written response, which supervisors see."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="sections")
    bureau = models.ForeignKey(
        "intake.Bureau", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="bulletin_sections"
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    overdue = models.JSONField(_("overdue cases"), default=list, blank=True)
    outcomes = models.JSONField(_("decisions on the unit"), default=list, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    response = models.TextField(_("written response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulletin section of a unit")
        verbose_name_plural = _("bulletin sections of units")
        ordering = ["-bulletin__start", "bureau__code"]
        constraints = [models.UniqueConstraint(fields=["bulletin", "bureau"], name="one_section_per_unit")]

    def __str__(self) -> str:
        return f"{self.bulletin} / {self.bureau}"
