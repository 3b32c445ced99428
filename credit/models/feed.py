"""Batches of the daily feed to the credit platform (信用中国(海南)), with the receipt of each push."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def feed_file_path(instance: "FeedBatch", filename: str) -> str:
    return f"credit/feed/{instance.day:%Y/%m}/{filename}"


class FeedBatch(models.Model):
    """One day's published penalties and blacklist listings in the 双公示 data items."""

    class State(models.TextChoices):
        BUILT = "built", _("Built, waiting to be pushed")
        PUSHED = "pushed", _("Pushed, receipt kept")
        FAILED = "failed", _("Push failed after every retry")

    day = models.DateField(_("publication day"), unique=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    csv_file = models.FileField(_("CSV file"), upload_to=feed_file_path, blank=True)
    xlsx_file = models.FileField(_("Excel file"), upload_to=feed_file_path, blank=True)
    sha256 = models.CharField(_("SHA-256 of the CSV file"), max_length=64, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.BUILT)
    attempts = models.PositiveSmallIntegerField(_("push attempts"), default=0)
    receipt = models.CharField(_("receipt of the platform"), max_length=200, blank=True)
    pushed_at = models.DateTimeField(_("pushed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("built at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit platform feed batch")
        verbose_name_plural = _("credit platform feed batches")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} ({self.get_state_display()})"
