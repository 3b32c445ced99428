"""Make an earlier triage model the active one again."""

from django.core.management.base import BaseCommand, CommandError

from intake.triage import services
from intake.triage.models import TriageModel


class Command(BaseCommand):
    help = "Activate triage model VERSION (default: the one before the active model)."

    def add_arguments(self, parser):
        parser.add_argument("version", nargs="?", type=int)

    def handle(self, *args, version=None, **options):
        active = TriageModel.objects.filter(is_active=True).defer("blob").first()
        models = TriageModel.objects.defer("blob")
        if version is None:
            if active is None:
                raise CommandError("No model is active.")
            target = models.filter(version__lt=active.version).order_by("-version").first()
        else:
            target = models.filter(version=version).first()
        if target is None:
            raise CommandError("No such triage model version.")
        services.triage_model_activate(model=target)
        self.stdout.write(f"Triage model v{target.version} is active.")
