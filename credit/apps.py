from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "credit"
    verbose_name = _("Credit registry")

    def ready(self) -> None:
        from credit import receivers  # noqa: F401  connects the signal receivers
