"""Demo users and a handful of demo reports. DEMO ONLY: never run against production data."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from intake.models import Bureau, Report
from intake.sources.open311.services import demo_client_ensure
from workflow.demo import demo_cases_create
from workflow.models import Officer
from workflow.roles import role_grant

PASSWORD = "demo12345"
# The demo users' second factor: one backup code for all, printed and in the README, good
# for DEMO_BACKUP_USES logins per run (each use spends one copy; `make run` tops them up).
DEMO_BACKUP_CODE = "otp12345"
DEMO_BACKUP_USES = 100

USERS = [
    # username, bureau code, role
    ("triage", "complaint_centre", Officer.Role.TRIAGE),
    ("psb", "psb", Officer.Role.OFFICER),
    ("hrss", "hrss", Officer.Role.OFFICER),
    ("tax", "tax", Officer.Role.OFFICER),
    ("supervisor", "civilisation_office", Officer.Role.SUPERVISOR),
    ("operator", "complaint_centre", Officer.Role.OPERATOR),
    ("custodian", "civilisation_office", Officer.Role.CUSTODIAN),
]


class Command(BaseCommand):
    help = "Create demo users (password demo12345) and demo cases in every stage. Demo only."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self._users()
        self.stdout.write(f"demo users ready ({created} new), password {PASSWORD}")
        self.stdout.write(
            f"second factor for every demo user: backup code {DEMO_BACKUP_CODE} "
            f"(good for {DEMO_BACKUP_USES} logins per run of demo_data)"
        )
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
        for user in User.objects.filter(username__in=[username for username, *_ in USERS] + ["admin"]):
            _demo_second_factor(user)
        return created


def _demo_second_factor(user) -> None:
    """Enrol a demo user with the printed backup code (demo only: a real user enrols an
    authenticator app at first login and gets single-use codes of their own)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="demo", defaults={"confirmed": True})
    missing = DEMO_BACKUP_USES - device.token_set.count()
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=DEMO_BACKUP_CODE) for _ in range(max(missing, 0))]
    )
