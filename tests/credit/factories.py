"""Helpers that make decided cases by hand (the workflow's flow is built elsewhere)."""

import datetime
import itertools

from django.utils import timezone
from stdnum.cn import ric, uscc

from intake.models import Area, Bureau, Report
from workflow.models import Case, Measure, Outcome
from workflow.signals import CaseEvent, case_changed

_serial = itertools.count(1)


def credit_code(n: int) -> str:
    """A valid unified social credit code (letters in it, as most real ones have)."""
    base = f"91460400MA{n:07d}"
    return base + uscc.calc_check_digit(base)


def id_number(n: int, born: str = "19950101") -> str:
    """A valid resident identity number issued in Danzhou (region 460003, 1993-2002)."""
    base = f"460003{born}{n % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")


def case_create(
    *,
    area_code: str = "wage_arrears",
    bureau_code: str = "hrss",
    subject_kind: str = Report.SubjectKind.ORGANISATION,
    subject_name: str = "儋州某建筑劳务有限公司",
    subject_credit_code: str = "",
    decided_at: datetime.datetime | None = None,
) -> Case:
    """A case past its decision, with a report naming the subject."""
    n = next(_serial)
    area = Area.objects.get(code=area_code)
    now = decided_at or timezone.now()
    report = Report.objects.create(
        reference=f"DZ-T-{n:06d}",
        source=Report.Source.WEB,
        area=area,
        description="老板拖欠我们三个月工资，一直不给。",
        subject_kind=subject_kind,
        subject_name=subject_name,
        subject_credit_code=subject_credit_code,
        receipt_hash=f"receipt-{n}",
    )
    return Case.objects.create(
        reference=f"C-T-{n:06d}",
        report=report,
        area=area,
        bureau=Bureau.objects.get(code=bureau_code),
        source=report.source,
        stage=Case.Stage.DECIDED,
        created_at=now - datetime.timedelta(days=20),
        decided_at=now,
    )


def outcome_add(case: Case, kind: str, *, measures=(), **fields) -> Outcome:
    fields.setdefault("decided_at", case.decided_at)
    fields.setdefault("summary", "责令支付拖欠的工资并处以罚款。")
    fields.setdefault("legal_basis", "《保障农民工工资支付条例》第五十四条")
    outcome = Outcome.objects.create(case=case, kind=kind, **fields)
    if measures:
        outcome.measures.set(Measure.objects.filter(code__in=measures))
    return outcome


def decide(case: Case) -> None:
    """What the workflow does after the decision commits."""
    case_changed.send(sender=Case, case_id=case.pk, event=CaseEvent.DECIDED, actor_id=None)
