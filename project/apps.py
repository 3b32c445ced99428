from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """Operations wiring: health, metrics, structured logs, backup and restore."""

    name = "project"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from project import logs

        logs.connect_celery()
