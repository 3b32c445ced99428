"""The comprehensive public-interest public credit evaluation (公共信用评价, rules part 3(2)1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from credit.models.subjects import Subject
from intake.models import PolicyVersion


class CreditEvaluation(models.Model):
    """One subject's grade in a run of the evaluation, made from the credit information the
    platform holds with the method the city adopted: a reference for the departments' graded
    and classified supervision (分级分类监管). Runs are kept; the newest grade is current."""

    class Grade(models.TextChoices):
        A = "A", _("A (excellent)")
        B = "B", _("B (good)")
        C = "C", _("C (fair)")
        D = "D", _("D (poor)")

    # Items of `basis` besides the kinds of credit records in force.
    LISTED = "listed"  # active blacklist listings
    RED_LISTED = "red_listed"  # red-list entries in force

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="evaluations")
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    basis = models.JSONField(_("what counted"), default=dict, blank=True)
    method = models.ForeignKey(
        PolicyVersion, verbose_name=_("method"), on_delete=models.PROTECT, related_name="+"
    )
    evaluated_on = models.DateField(_("evaluated on"))
    evaluated_at = models.DateTimeField(_("evaluated at"))
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("public credit evaluation")
        verbose_name_plural = _("public credit evaluations")
        ordering = ["-evaluated_at", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "evaluated_at"], name="uniq_evaluation_run_subject")
        ]
        indexes = [models.Index(fields=["evaluated_at", "grade"], name="evaluation_run_grade")]

    def __str__(self) -> str:
        return f"{self.subject}: {self.grade} ({self.evaluated_on})"
