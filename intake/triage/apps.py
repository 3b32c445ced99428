from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "intake.triage"
    label = "triage"
    verbose_name = _("Triage assistance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from intake.triage import receivers  # noqa: F401
