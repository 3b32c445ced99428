from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from intake.models import Area, Policy, PolicyVersion, Question
        from intake.policies import policies_changed
        from intake.selectors import areas_changed

        for model in (Policy, PolicyVersion):
            post_save.connect(
                policies_changed, sender=model, dispatch_uid=f"policies-changed-{model.__name__}"
            )
            post_delete.connect(
                policies_changed, sender=model, dispatch_uid=f"policies-deleted-{model.__name__}"
            )
        for model in (Area, Question):
            post_save.connect(areas_changed, sender=model, dispatch_uid=f"areas-changed-{model.__name__}")
            post_delete.connect(areas_changed, sender=model, dispatch_uid=f"areas-deleted-{model.__name__}")
