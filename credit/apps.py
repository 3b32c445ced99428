from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "credit"
    verbose_name = _("Credit registry")

    def ready(self) -> None:
        from credit import receivers  # noqa: F401  connects the signal receivers
        from credit.flows import CREDIT_FLOWS
        from credit.selectors import task_facts
        from credit.services import evaluations  # noqa: F401  registers how its method must look
        from workflow import registry

        for flow_class in CREDIT_FLOWS:  # their tasks in the workbench inbox and queue
            registry.task_flow_register(flow_class, facts=task_facts)
        registry.case_panel_register("credit/case_panel.html")  # the subjects' history
