"""Deadline policies and the administrator's calendar overrides."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.models import Area


class DeadlinePolicy(models.Model):
    """Working days allowed for a step: per area, or the default when area is blank."""

    class Step(models.TextChoices):
        TRIAGE = "triage", _("Triage")
        SIGN = "sign", _("Sign for or return")
        INVESTIGATE = "investigate", _("Investigate and decide")
        ASSIST = "assist", _("Answer an assistance request")
        REPORTER_ANSWER = "reporter_answer", _("Reporter answers a question or rates")
        PUBLICATION = "publication", _("Publish a penalty decision")
        ENFORCEMENT = "enforcement", _("Confirm a joint-punishment measure")
        POLICE_ACK = "police_ack", _("Police acknowledge a referral")
        SUPERVISOR = "supervisor", _("Supervisor decision")
        ESCALATION = "escalation", _("Working days overdue before a supervisor is alerted")
        RECTIFICATION_CHECK = "rectification_check", _("Check a rectification that fell due")
        REPLY = "reply", _("Reply to the reporter after the decision")

    DEFAULTS = {
        Step.TRIAGE: 1,
        Step.SIGN: 1,
        Step.INVESTIGATE: 15,
        Step.ASSIST: 5,
        Step.REPORTER_ANSWER: 5,
        Step.PUBLICATION: 7,
        Step.ENFORCEMENT: 10,
        Step.POLICE_ACK: 5,
        Step.SUPERVISOR: 2,
        Step.ESCALATION: 2,
        Step.RECTIFICATION_CHECK: 2,
        Step.REPLY: 2,
    }

    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="deadline_policies"
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.UniqueConstraint(fields=["area", "step"], name="uniq_deadline_area_step"),
            models.UniqueConstraint(
                fields=["step"], condition=models.Q(area__isnull=True), name="uniq_deadline_default"
            ),
        ]

    def clean(self) -> None:
        if self.area_id is None:
            raise ValidationError(
                {"area": _("City-wide deadlines are the step-deadline policy; choose an area here.")}
            )

    def __str__(self) -> str:
        area = self.area or _("all areas")
        return f"{area}: {self.get_step_display()} {self.working_days}"


class CalendarDay(models.Model):
    """An administrator's word on one day: a holiday, or a make-up working day.

    Takes precedence over the chinese-calendar package, and is the only source of holidays
    for years the package does not know yet.
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'+' if self.is_working_day else '-'} {self.note}"
