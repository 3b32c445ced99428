from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from intake.models import Policy, PolicyVersion
        from intake.policies import policies_changed

        for model in (Policy, PolicyVersion):
            post_save.connect(
                policies_changed, sender=model, dispatch_uid=f"policies-changed-{model.__name__}"
            )
            post_delete.connect(
                policies_changed, sender=model, dispatch_uid=f"policies-deleted-{model.__name__}"
            )
