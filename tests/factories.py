"""The one place tests make people, reports and cases.

- People: residents' and administrators' accounts and officers with their role's permissions.
- Reports: `report_file` files one through `report_submit`, as every source does (its case
  opens after commit, through the flow).
- Cases written directly, without the flow: `case_written` (the supervision figures' hand-made
  cases, credit's decided cases), `outcome_add` and `decided` (what the workflow sends after a
  decision commits).
- Valid identifiers: `credit_code`, `id_number`.

Fixtures in tests/conftest.py and each folder's conftest.py are thin wrappers over these.
"""

import datetime
import hashlib
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import ric, uscc

from intake.models import Area, Bureau, Report
from intake.services import report_submit
from tests.support.drafts import report_draft
from workflow.models import Case, Measure, Officer, Outcome
from workflow.roles import role_grant
from workflow.signals import CaseEvent, case_changed

PASSWORD = "test-pass-12345"
_serial = itertools.count(1)


# People ------------------------------------------------------------------------------------


def user(username: str, *, password: str = PASSWORD, **extra):
    """An account without a role (a resident's, or one whose role a test sets itself)."""
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def admin(username: str = "root", *, password: str = PASSWORD, **extra):
    """An administrator (superuser)."""
    return get_user_model().objects.create_superuser(username, password=password, **extra)


def officer(username: str, bureau_code: str, role: str = Officer.Role.OFFICER, **extra):
    """A staff member of `bureau_code` in `role`, with the role's permissions, read back
    fresh so no permission is cached from before the grant."""
    account = user(username, **extra)
    Officer.objects.create(user=account, bureau=Bureau.objects.get(code=bureau_code), role=role)
    role_grant(user=account, role=role)
    return get_user_model().objects.get(pk=account.pk)


def another_officer(bureau_code: str, role: str = Officer.Role.OFFICER):
    """One more staff member of a bureau, under a username no other test user has."""
    return officer(f"{bureau_code}-{role}-{next(_serial)}", bureau_code, role)


# Identifiers -------------------------------------------------------------------------------


def credit_code(n: int) -> str:
    """A valid unified social credit code (letters in it, as most real ones have)."""
    base = f"91460400MA{n:07d}"
    return base + uscc.calc_check_digit(base)


def id_number(n: int, born: str = "19950101") -> str:
    """A valid resident identity number issued in Danzhou (region 460003, 1993-2002)."""
    base = f"460003{born}{n % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")


# Reports and cases -------------------------------------------------------------------------

WAGE_ARREARS = "老板拖欠我们三个月工资,一直不给。"


def report_file(**overrides):
    """File a web report through `report_submit` (the Submission); its case opens after commit."""
    values = {"source": Report.Source.WEB, "description": WAGE_ARREARS, "area": None}
    values.update(overrides)
    return report_submit(report_draft(**values))


def case_written(
    *,
    area_code: str | None = "wage_arrears",
    bureau_code: str | None = "hrss",
    created_at: datetime.datetime | None = None,
    source: str = Report.Source.WEB,
    subject_kind: str = "",
    subject_name: str = "",
    subject_credit_code: str = "",
    **case_fields,
) -> Case:
    """A report and its case written as rows, without the flow and without events; the case
    is open in triage unless `case_fields` say otherwise."""
    n = next(_serial)
    reference = f"T-{n:06d}"
    area = Area.objects.get(code=area_code) if area_code else None
    bureau = Bureau.objects.get(code=bureau_code) if bureau_code else None
    report = Report.objects.create(
        reference=reference,
        source=source,
        area=area,
        bureau=bureau,
        description=WAGE_ARREARS,
        subject_kind=subject_kind,
        subject_name=subject_name,
        subject_credit_code=subject_credit_code,
        receipt_hash=hashlib.sha256(reference.encode()).hexdigest(),
    )
    values = {"state": Case.State.OPEN, "stage": Case.Stage.TRIAGE, **case_fields}
    return Case.objects.create(
        reference=reference,
        report=report,
        area=area,
        bureau=bureau,
        source=source,
        created_at=created_at or timezone.now(),
        **values,
    )


def case_decided(
    *,
    area_code: str = "wage_arrears",
    bureau_code: str = "hrss",
    subject_kind: str = Report.SubjectKind.ORGANISATION,
    subject_name: str = "儋州某建筑劳务有限公司",
    subject_credit_code: str = "",
    decided_at: datetime.datetime | None = None,
) -> Case:
    """A case past its decision (20 days after it opened), with a report naming the subject."""
    now = decided_at or timezone.now()
    return case_written(
        area_code=area_code,
        bureau_code=bureau_code,
        subject_kind=subject_kind,
        subject_name=subject_name,
        subject_credit_code=subject_credit_code,
        created_at=now - datetime.timedelta(days=20),
        stage=Case.Stage.DECIDED,
        decided_at=now,
    )


def outcome_add(case: Case, kind: str, *, measures=(), **fields) -> Outcome:
    """An outcome of a decided case, with the measures named by code."""
    fields.setdefault("decided_at", case.decided_at)
    fields.setdefault("summary", "责令支付拖欠的工资并处以罚款。")
    fields.setdefault("legal_basis", "《保障农民工工资支付条例》第五十四条")
    outcome = Outcome.objects.create(case=case, kind=kind, **fields)
    if measures:
        outcome.measures.set(Measure.objects.filter(code__in=measures))
    return outcome


def decided(case: Case) -> None:
    """What the workflow sends after a decision commits."""
    case_changed.send(sender=Case, case_id=case.pk, event=CaseEvent.DECIDED, actor_id=None)
