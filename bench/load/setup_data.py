"""Run by bench/load/run.py in `manage.py shell`: the staff of the load test and a backlog of
reports. Prints one JSON line: the session cookies of the staff, by role, and the receipts."""

import json
import os

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from intake.models import Area, Bureau, Report
from intake.services import ReportDraft, report_submit
from workflow.models import Officer
from workflow.roles import role_grant

OFFICERS = int(os.environ.get("LOAD_OFFICERS", "50"))
SUPERVISORS = int(os.environ.get("LOAD_SUPERVISORS", "5"))
BACKLOG = int(os.environ.get("LOAD_BACKLOG", "300"))
BUREAUS = ["hrss", "tax", "psb", "market", "housing", "health", "transport", "ecology"]


def staff(username: str, bureau_code: str, role: str):
    user, _ = get_user_model().objects.get_or_create(username=username)
    bureau = Bureau.objects.filter(code=bureau_code).first() or Bureau.objects.filter(kind="bureau").first()
    Officer.objects.update_or_create(user=user, defaults={"bureau": bureau, "role": role})
    role_grant(user=user, role=role)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # Staff pass the second factor (a confirmed backup-code device), as typing a code does.
    device, _ = StaticDevice.objects.get_or_create(user=user, name="load", defaults={"confirmed": True})
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


sessions = {"triage": [], "officer": [], "supervisor": []}
triage = OFFICERS // 5
for n in range(triage):
    sessions["triage"].append(staff(f"load-triage-{n}", "complaint_centre", Officer.Role.TRIAGE))
for n in range(OFFICERS - triage):
    code = BUREAUS[n % len(BUREAUS)]
    sessions["officer"].append(staff(f"load-{code}-{n}", code, Officer.Role.OFFICER))
for n in range(SUPERVISORS):
    sessions["supervisor"].append(
        staff(f"load-supervisor-{n}", "civilisation_office", Officer.Role.SUPERVISOR)
    )

areas = list(Area.objects.filter(is_active=True))
receipts = []
for n in range(BACKLOG):
    area = areas[n % len(areas)] if n % 3 else None
    receipts.append(
        report_submit(
            ReportDraft(
                source=Report.Source.WEB,
                description=f"负载测试举报{n}:某公司拖欠工人工资三个月,多次讨要未果。",
                area=area,
                answers_required=False,
            )
        ).receipt
    )
print(json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "sessions": sessions, "receipts": receipts}))
