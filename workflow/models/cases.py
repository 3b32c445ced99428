"""Cases and the people who handle them.

Everything the workbench and supervision filter, count or route on is a real, indexed
column of `Case`, kept in step by the flow; viewflow's process data is for display only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.fields import EncryptedTextField
from intake.models import Area, Bureau, Report


class Officer(models.Model):
    """A staff member's place: the bureau they work for and their role there."""

    class Role(models.TextChoices):
        TRIAGE = "triage", _("Complaint centre (triage)")
        OFFICER = "officer", _("Bureau officer")
        HEAD = "head", _("Bureau head")
        SUPERVISOR = "supervisor", _("Supervisor")
        OPERATOR = "operator", _("Hotline operator")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer")
    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="officers")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.bureau}, {self.get_role_display()})"


class Case(models.Model):
    """A report being handled. One per report, except reports merged into another case."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Stage(models.TextChoices):
        TRIAGE = "triage", _("Triage")
        AWAITING_REPORTER = "awaiting_reporter", _("Waiting for the reporter")
        DISPATCHED = "dispatched", _("Waiting to be signed for")
        SUPERVISOR_PLACEMENT = "supervisor_placement", _("Waiting for a supervisor to place")
        INVESTIGATING = "investigating", _("Under investigation")
        DECIDED = "decided", _("Decided, measures under way")
        REPLIED = "replied", _("Replied, waiting for the reporter's rating")
        DISPUTED = "disputed", _("Disputed by the reporter")
        CLOSED = "closed", _("Closed")

    class Resolution(models.TextChoices):
        HANDLED = "handled", _("Handled")
        REJECTED = "rejected", _("Rejected as out of scope")
        MERGED = "merged", _("Merged into another case")
        EMERGENCY = "emergency", _("Referred to 110 as an emergency")
        NO_REPLY = "no_reply", _("Closed: the reporter did not answer")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="case")
    process = models.OneToOneField(
        "viewflow.Process",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case",
    )
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("handling bureau"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    source = models.CharField(_("source"), max_length=10, choices=Report.Source.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, default=Stage.TRIAGE)
    resolution = models.CharField(_("resolution"), max_length=20, choices=Resolution.choices, blank=True)
    is_emergency = models.BooleanField(_("emergency"), default=False)
    due_at = models.DateTimeField(_("current step due"), null=True, blank=True)
    investigation_due_at = models.DateTimeField(_("investigation due"), null=True, blank=True)
    returns = models.PositiveSmallIntegerField(_("times returned"), default=0)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    extensions = models.PositiveSmallIntegerField(_("extensions granted"), default=0)
    rating = models.PositiveSmallIntegerField(_("reporter rating"), null=True, blank=True)
    disputed = models.BooleanField(_("disputed"), default=False)
    reminders = models.PositiveSmallIntegerField(_("reminders (催办)"), default=0)
    escalations = models.PositiveSmallIntegerField(_("escalations to a supervisor (督办)"), default=0)
    findings = models.TextField(_("findings"), blank=True)
    created_at = models.DateTimeField(_("received at"), db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["bureau", "created_at"],
                condition=models.Q(state="open"),
                name="case_open_by_bureau",
            ),
            models.Index(
                fields=["stage", "created_at"],
                condition=models.Q(state="open"),
                name="case_open_by_stage",
            ),
            models.Index(fields=["due_at"], condition=models.Q(state="open"), name="case_open_due"),
            models.Index(fields=["bureau", "state", "closed_at"], name="case_bureau_closed"),
            models.Index(fields=["area", "created_at"], name="case_area_created"),
            # A bureau's case list and the staff API, newest first, open and closed together.
            models.Index(fields=["bureau", "created_at"], name="case_bureau_created"),
        ]
        permissions = [
            ("triage_case", _("Can triage cases")),
            ("handle_case", _("Can handle cases of own bureau")),
            ("reassign_case", _("Can reassign cases within own bureau")),
            ("supervise_case", _("Can supervise all cases")),
            ("file_for_caller", _("Can file a report for a hotline caller")),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Measure(models.Model):
    """A joint-punishment measure of the rules' catalogue and the bureau that carries it out."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("carried out by"), on_delete=models.PROTECT, related_name="measures"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("joint-punishment measure")
        verbose_name_plural = _("joint-punishment measures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Outcome(models.Model):
    """One measure a decision applies to one subject (the rules, part on outcomes and joint punishment).

    Written by the decide step; the credit registry turns these into credit records,
    enforcement tasks and publications when the case's DECIDED event arrives.
    """

    class Kind(models.TextChoices):
        UNFOUNDED = "unfounded", _("No violation found")
        RECTIFICATION = "rectification", _("Rectification order with a deadline")
        INTERVIEW = "interview", _("Interview of the responsible person")
        PENALTY = "penalty", _("Administrative penalty")
        BLACKLIST = "blacklist", _("Blacklist listing with joint punishment")
        REFERRAL = "referral", _("Referral to public security")
        JUDICIAL_REFERRAL = "judicial_referral", _("Referral to judicial organs (移送司法机关)")
        EXPOSURE = "exposure", _("Public exposure")
        ACCOUNTABILITY = "accountability", _("Accountability of officials")
        SHUTDOWN = "shutdown", _("Shut down fraud numbers and accounts")
        BAN = "ban", _("Banned as an illegal social organisation (依法取缔)")
        EDUCATION = "education", _("Education instead of sanction (教育感化)")

    class ReferralStatus(models.TextChoices):
        PENDING = "pending", _("Waiting for the police")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the police")
        SENT_BACK = "sent_back", _("Sent back by the police")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=20, choices=Kind.choices)
    subject_kind = models.CharField(
        _("subject kind"), max_length=15, choices=Report.SubjectKind.choices, blank=True
    )
    subject_name = models.CharField(_("subject name"), max_length=200, blank=True)
    subject_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    subject_id_number = EncryptedTextField(_("subject identity number"), blank=True)
    subject_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    summary = models.TextField(_("public summary"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Rectification order: checked when it falls due.
    rectification_due = models.DateField(_("rectify by"), null=True, blank=True)
    rectified = models.BooleanField(_("rectified"), null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # Administrative penalty: published within 7 working days.
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    publication_due_at = models.DateTimeField(_("publish by"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Blacklist listing.
    measures = models.ManyToManyField(Measure, blank=True, related_name="outcomes")
    listed_until = models.DateField(_("listed until"), null=True, blank=True)
    # Referral to public security.
    referral_status = models.CharField(
        _("referral status"), max_length=20, choices=ReferralStatus.choices, blank=True
    )
    police_case_number = models.CharField(_("police case number"), max_length=100, blank=True)
    referral_note = models.TextField(_("note from the police"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["case", "pk"]
        indexes = [
            models.Index(
                fields=["publication_due_at"],
                condition=models.Q(published_at__isnull=True, publication_due_at__isnull=False),
                name="outcome_unpublished_due",
            ),
            models.Index(fields=["subject_credit_code"], name="outcome_credit_code"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.get_kind_display()}"
