from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from intake.sources.open311.services import open311_client_add


class Command(BaseCommand):
    help = "Register an Open311 client and print its API key (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--contact", default="")

    def handle(self, *args, name, contact, **options):
        try:
            client, key = open311_client_add(name=name, contact=contact)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Open311 client {client.name!r} created. API key (shown only now): {key}")
