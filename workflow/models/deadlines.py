"""The steps that have deadlines, and the administrator's calendar overrides."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """The steps of a case that have a deadline in working days. How many days each takes is
    the `step-deadlines` policy (`intake.policies`): city-wide, and an area's own where it has
    one; publication is the rules' 7 working days (part 3(1)3)."""

    TRIAGE = "triage", _("Triage")
    SIGN = "sign", _("Sign for or return")
    INVESTIGATE = "investigate", _("Investigate and decide")
    ASSIST = "assist", _("Answer an assistance request")
    REPORTER_ANSWER = "reporter_answer", _("Reporter answers a question")
    PUBLICATION = "publication", _("Publish a penalty decision")
    ENFORCEMENT = "enforcement", _("Confirm a joint-punishment measure")
    POLICE_ACK = "police_ack", _("Police acknowledge a referral")
    SUPERVISOR = "supervisor", _("Supervisor decision")
    ESCALATION = "escalation", _("Working days overdue before a supervisor is alerted")
    RECTIFICATION_CHECK = "rectification_check", _("Check a rectification that fell due")
    REPLY = "reply", _("Reply to the reporter after the decision")


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
