"""Demo users and a handful of demo reports. DEMO ONLY: never run against production data."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from intake.models import Bureau, Report
from intake.sources.open311 import demo_client_ensure
from workflow.demo import demo_cases_create
from workflow.models import Officer
from workflow.roles import role_grant

PASSWORD = "demo12345"

USERS = [
    # username, bureau code, role
    ("triage", "complaint_centre", Officer.Role.TRIAGE),
    ("psb", "psb", Officer.Role.OFFICER),
    ("hrss", "hrss", Officer.Role.OFFICER),
    ("tax", "tax", Officer.Role.OFFICER),
    ("supervisor", "civilisation_office", Officer.Role.SUPERVISOR),
    ("operator", "complaint_centre", Officer.Role.OPERATOR),
]


class Command(BaseCommand):
    help = "Create demo users (password demo12345) and demo cases in every stage. Demo only."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self._users()
        self.stdout.write(f"demo users ready ({created} new), password {PASSWORD}")
        demo_client_ensure()
        self.stdout.write("Open311 demo key: demo-open311-key")
        if Report.objects.exists():
            self.stdout.write("reports exist already: no demo reports added")
            return
        cases = demo_cases_create()
        self.stdout.write(f"{len(cases)} demo reports filed and moved through the flow")

    def _users(self) -> int:
        User = get_user_model()
        created = 0
        for username, bureau_code, role in USERS:
            user, new = User.objects.get_or_create(username=username)
            if new:
                user.set_password(PASSWORD)
                user.save()
                created += 1
            Officer.objects.update_or_create(
                user=user, defaults={"bureau": Bureau.objects.get(code=bureau_code), "role": role}
            )
            role_grant(user=user, role=role)
        admin, new = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        if new:
            admin.set_password(PASSWORD)
            admin.save()
            created += 1
        return created
