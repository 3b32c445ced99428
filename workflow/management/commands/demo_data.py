"""Demo users and a handful of demo reports. DEMO ONLY: never run against production data."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from intake.models import Area, Bureau, Report
from intake.services import report_submit
from intake.sources.open311 import demo_client_ensure
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

REPORTS = [
    ("wage_arrears", "某建筑工地拖欠我们二十多名工人三个月工资,多次讨要无果。",
     {"employer": "儋州某建设工程有限公司", "amount_owed": "180000", "workers": "23"}),
    ("telecom_fraud", "接到自称公安局的电话,说我涉嫌洗钱,要求我把钱转到安全账户。",
     {"fraud_number": "17012345678", "amount_lost": "5000"}),
    ("tax_fake_invoices", "一家商店长期向顾客出售假发票,还主动推销。",
     {"seller": "那大镇某商贸店"}),
    (None, "小区旁边有人在非法收售彩票,还拉人进微信群网上投注。", {}),
]


class Command(BaseCommand):
    help = "Create demo users (password demo12345) and demo reports. Demo only."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self._users()
        self.stdout.write(f"demo users ready ({created} new), password {PASSWORD}")
        demo_client_ensure()
        self.stdout.write("Open311 demo key: demo-open311-key")
        if Report.objects.exists():
            self.stdout.write("reports exist already: no demo reports added")
            return
        for code, description, answers in REPORTS:
            area = Area.objects.get(code=code) if code else None
            report_submit(
                source=Report.Source.WEB, area=area, description=description, answers=answers
            )
        self.stdout.write(f"{len(REPORTS)} demo reports filed")

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
