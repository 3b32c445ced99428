"""Blacklist listings, the enforcement of each joint-punishment measure, and publications."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from credit.models.subjects import Subject
from intake.models import Area, Bureau


class Listing(models.Model):
    """A subject on the dishonesty blacklist (失信黑名单) with joint punishment, from a case."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Listed")
        ENDED = "ended", _("Ended by credit repair")
        EXPIRED = "expired", _("Listing period over")

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="listings")
    case = models.ForeignKey("workflow.Case", on_delete=models.PROTECT, related_name="credit_listings")
    outcome = models.OneToOneField(
        "workflow.Outcome", on_delete=models.PROTECT, related_name="credit_listing"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("deciding bureau"), on_delete=models.PROTECT, related_name="+"
    )
    listed_on = models.DateField(_("listed on"))
    listed_until = models.DateField(_("listed until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)
    measures = models.ManyToManyField(
        "workflow.Measure", through="Enforcement", related_name="credit_listings"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blacklist listing")
        verbose_name_plural = _("blacklist listings")
        ordering = ["-listed_on", "-pk"]
        indexes = [
            models.Index(
                fields=["listed_until"], condition=models.Q(state="active"), name="listing_active_until"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.listed_on})"

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    def repair_possible_from(self, minimum_days: int = 0) -> datetime.date:
        """The first day credit repair may end the listing: the day it was listed, unless an
        adopted policy sets a minimum period (the rules set none)."""
        return self.listed_on + datetime.timedelta(days=minimum_days)


class Enforcement(models.Model):
    """One joint-punishment measure of a listing, carried out and confirmed by its bureau."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        IN_EFFECT = "in_effect", _("In effect")
        NOT_EFFECTED = "not_effected", _("Could not take effect")
        LIFTING = "lifting", _("To be lifted")
        LIFTED = "lifted", _("Lifted")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="enforcements")
    measure = models.ForeignKey("workflow.Measure", on_delete=models.PROTECT, related_name="+")
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("carried out by"), on_delete=models.PROTECT, related_name="credit_enforcements"
    )
    state = models.CharField(_("state"), max_length=15, choices=State.choices, default=State.PENDING)
    due_at = models.DateTimeField(_("confirm by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note or reason"), blank=True)
    lift_due_at = models.DateTimeField(_("lift by"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_note = models.TextField(_("note on lifting"), blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    process = models.OneToOneField(
        "viewflow.Process",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credit_enforcement",
    )

    class Meta:
        verbose_name = _("enforcement of a measure")
        verbose_name_plural = _("enforcement of measures")
        ordering = ["listing", "measure__code"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "measure"], name="uniq_enforcement_measure")
        ]
        indexes = [models.Index(fields=["bureau", "state"], name="enforcement_bureau_state")]

    def __str__(self) -> str:
        return f"{self.measure} / {self.listing_id}"

    @property
    def current_due_at(self):
        return self.lift_due_at if self.state == self.State.LIFTING else self.due_at


_PUBLISHED = models.Q(state="published")


class Publication(models.Model):
    """A penalty decision or blacklist listing published on the public credit pages (公示).

    The public text is a snapshot taken when the decision arrives: what the public sees does
    not change behind the publishing officer's back, and lists need no joins to find it.
    """

    class Kind(models.TextChoices):
        PENALTY = "penalty", _("Administrative penalty")
        BLACKLIST = "blacklist", _("Blacklist")
        BANNED = "banned", _("Banned illegal social organisation")

    class State(models.TextChoices):
        PENDING = "pending", _("To be published")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    outcome = models.OneToOneField(
        "workflow.Outcome", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_publication"
    )
    case = models.ForeignKey(
        "workflow.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_publications"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="publications")
    listing = models.OneToOneField(
        Listing, null=True, blank=True, on_delete=models.PROTECT, related_name="publication"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("deciding bureau"), on_delete=models.PROTECT, related_name="+"
    )
    subject_kind = models.CharField(_("subject kind"), max_length=15, choices=Subject.Kind.choices)
    public_name = models.CharField(_("name"), max_length=200)
    public_identifier = models.CharField(
        _("credit code or masked identity number"), max_length=18, blank=True
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    id_hash = models.CharField(max_length=64, blank=True, editable=False)
    summary = models.TextField(_("decision"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    decision_date = models.DateField(_("decision date"))
    valid_until = models.DateField(_("shown until"), null=True, blank=True)
    due_at = models.DateTimeField(_("publish by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("why it was withdrawn"), blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    process = models.OneToOneField(
        "viewflow.Process",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credit_publication",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["credit_code"], condition=_PUBLISHED, name="publication_code"),
            models.Index(fields=["id_hash"], condition=_PUBLISHED, name="publication_id_hash"),
            models.Index(
                fields=["kind", "-published_at"], condition=_PUBLISHED, name="publication_kind_recent"
            ),
            models.Index(
                fields=["kind", "area", "-published_at"], condition=_PUBLISHED, name="publication_kind_area"
            ),
            models.Index(
                fields=["kind", "bureau", "-published_at"],
                condition=_PUBLISHED,
                name="publication_kind_bureau",
            ),
            models.Index(
                fields=["due_at"], condition=models.Q(state="pending"), name="publication_pending_due"
            ),
            # The unfiltered list (every kind, newest first): walked in its order, read 25 rows.
            models.Index(fields=["-published_at", "-id"], condition=_PUBLISHED, name="publication_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.public_name}"
