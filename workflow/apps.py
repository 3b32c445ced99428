from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Case workflow")

    def ready(self) -> None:
        from workflow import (
            checks,  # noqa: F401  registers the calendar and deadline checks
            deadlines,  # noqa: F401  registers how a step-deadline policy must look
            receivers,  # noqa: F401  connects to intake's signals
        )
