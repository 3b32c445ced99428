"""Warnings about illegal social organisations (预警信息, rules, area 15), published by the unit
that leads that special treatment, beside the list of banned organisations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.models import Bureau


class OrganisationWarning(models.Model):
    organisation_name = models.CharField(_("organisation"), max_length=200)
    text = models.TextField(_("warning"))
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning about a social organisation")
        verbose_name_plural = _("warnings about social organisations")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.organisation_name
