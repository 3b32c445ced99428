"""What happens while a case is handled: its history, evidence notes, assistance requests,
extensions and the audit log of who saw a reporter's identity."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import Bureau
from workflow.models.cases import Case


class HistoryEntry(models.Model):
    """One step of a case: what happened, who did it and when. Never shown to the reporter."""

    class Event(models.TextChoices):
        # The values of workflow.signals.CaseEvent and TaskEvent, with labels for the page.
        RECEIVED = "received", _("Report received")
        MORE_INFO_REQUESTED = "more_info_requested", _("More information asked of the reporter")
        REPORTER_INFO = "reporter_info", _("The reporter added information")
        AREA_CORRECTED = "area_corrected", _("Area corrected")
        REJECTED = "rejected", _("Rejected as out of scope")
        MERGED = "merged", _("Merged into another case")
        EMERGENCY = "emergency", _("Referred to 110 as an emergency")
        DISPATCHED = "dispatched", _("Dispatched")
        SIGNED = "signed", _("Signed for")
        RETURNED = "returned", _("Returned")
        PLACED = "placed", _("Placed with a bureau by a supervisor")
        ASSISTANCE_REQUESTED = "assistance_requested", _("Assistance requested")
        ASSISTANCE_ANSWERED = "assistance_answered", _("Assistance answered")
        EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
        EXTENSION_DECIDED = "extension_decided", _("Extension decided")
        FINDINGS = "findings", _("Findings recorded")
        DECIDED = "decided", _("Decided")
        RECTIFICATION_CHECKED = "rectification_checked", _("Rectification checked")
        REFERRAL_ANSWERED = "referral_answered", _("Public security answered the referral")
        REPLIED = "replied", _("Replied to the reporter")
        RATED = "rated", _("Rated by the reporter")
        DISPUTED = "disputed", _("Disputed by the reporter")
        REOPENED = "reopened", _("Investigation reopened")
        CLOSED = "closed", _("Closed")
        ASSIGNED = "assigned", _("Task assigned")
        REMINDER = "reminder", _("Reminder: a task passed its deadline (催办)")
        ESCALATION = "escalation", _("Escalated to supervisors (督办)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    task_id = models.BigIntegerField(_("task"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="history_case_created")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.event} {self.created_at:%Y-%m-%d %H:%M}"


class EvidenceNote(models.Model):
    """A note the handling officer records about evidence gathered during the investigation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("evidence note"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence note")
        verbose_name_plural = _("evidence notes")
        ordering = ["created_at", "pk"]


class AssistanceRequest(models.Model):
    """The lead bureau asks a participating bureau for its opinion (协办)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assistance_requests")
    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("assisting bureau"),
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    question = models.TextField(_("what the lead bureau asks"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    opinion = models.TextField(_("opinion"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["bureau", "requested_at"], name="assistance_bureau")]

    def __str__(self) -> str:
        return f"{self.case_id} -> {self.bureau_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Extension(models.Model):
    """A request to extend the investigation deadline (延期) and a supervisor's answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extension_requests")
    working_days = models.PositiveSmallIntegerField(_("working days asked for"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    approved = models.BooleanField(_("approved"), null=True, blank=True)
    decision_note = models.TextField(_("supervisor's note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    previous_due_at = models.DateTimeField(_("investigation due before"), null=True, blank=True)
    new_due_at = models.DateTimeField(_("investigation due after"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "pk"]


class IdentityAccessLog(models.Model):
    """Audit: each time a reporter's identity was shown, to whom, for which case, which fields."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="identity_accesses")
    fields = models.JSONField(_("fields shown"), default=list)
    release = models.ForeignKey(
        "workflow.IdentityRelease",
        verbose_name=_("release"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accesses",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("reporter identity access")
        verbose_name_plural = _("reporter identity accesses")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="identity_access_case")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.case_id} {self.created_at:%Y-%m-%d %H:%M}"
