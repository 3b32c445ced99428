"""Credit subjects: an organisation keyed by its unified social credit code, or a person
keyed by a keyed hash of the resident ID number (the number itself only encrypted)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.fields import EncryptedTextField
from intake.models import Report


def mask_person_name(name: str) -> str:
    """张** : the family name (first character) and a star for each other character."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name or "*"
    return name[0] + "*" * (len(name) - 1)


class Subject(models.Model):
    """Whoever a credit record is about. Reports and outcomes with the same key share one."""

    Kind = Report.SubjectKind

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    public_name = models.CharField(
        _("name shown to the public"),
        max_length=200,
        blank=True,
        help_text=_("An organisation's name; a person's family name with the rest masked."),
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    id_hash = models.CharField(max_length=64, blank=True, editable=False)
    id_number = EncryptedTextField(_("identity number"), blank=True, editable=False)
    id_masked = models.CharField(_("identity number (masked)"), max_length=18, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("credit subject")
        verbose_name_plural = _("credit subjects")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~models.Q(credit_code=""), name="uniq_subject_code"
            ),
            models.UniqueConstraint(
                fields=["id_hash"], condition=~models.Q(id_hash=""), name="uniq_subject_id_hash"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_name} {self.public_identifier}".strip()

    @property
    def public_identifier(self) -> str:
        """The credit code, or the masked ID number: never the full number."""
        return self.credit_code or self.id_masked

    @property
    def is_keyed(self) -> bool:
        return bool(self.credit_code or self.id_hash)


class SubjectReport(models.Model):
    """A report that named this subject (by credit code, or through a decided outcome)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="report_links")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="credit_subject_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report about a subject")
        verbose_name_plural = _("reports about subjects")
        constraints = [models.UniqueConstraint(fields=["subject", "report"], name="uniq_subject_report")]

    def __str__(self) -> str:
        return f"{self.subject_id} <- {self.report_id}"
