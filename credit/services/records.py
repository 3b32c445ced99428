"""Writing credit records. Records are only ever added; a correction supersedes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from credit.models import CreditRecord, Subject
from intake import policies
from intake.policies import policy_adopted_value


def record_valid_until(*, kind: str, valid_from: datetime.date, area=None) -> datetime.date | None:
    """The end of a record's validity by the adopted policy; None (no end) without one: the
    rules set no validity periods."""
    days = policy_adopted_value(policies.RECORD_VALIDITY_DAYS, area=area, default={}).get(kind)
    return valid_from + datetime.timedelta(days=days) if days else None


def record_write(
    *,
    subject: Subject,
    kind: str,
    occurred_at: datetime.datetime,
    event_key: str | None = None,
    case=None,
    outcome=None,
    bureau=None,
    area=None,
    summary: str = "",
    legal_basis: str = "",
    details: dict | None = None,
    valid_until: datetime.date | None = None,
    concerns: CreditRecord | None = None,
    supersedes: CreditRecord | None = None,
    created_by=None,
) -> CreditRecord:
    """Add one record; with an `event_key` already written, return that record instead."""
    if event_key:
        existing = CreditRecord.objects.filter(event_key=event_key).first()
        if existing is not None:
            return existing
    valid_from = timezone.localtime(occurred_at).date()
    if valid_until is None:
        valid_until = record_valid_until(kind=kind, valid_from=valid_from, area=area)
    record = CreditRecord(
        subject=subject,
        kind=kind,
        case=case,
        outcome=outcome,
        bureau=bureau,
        area=area,
        summary=summary,
        legal_basis=legal_basis,
        details=details or {},
        occurred_at=occurred_at,
        valid_from=valid_from,
        valid_until=valid_until,
        concerns=concerns,
        supersedes=supersedes,
        event_key=event_key,
        created_by=created_by,
    )
    record.full_clean(exclude=["event_key", "supersedes"])
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        if event_key:  # a concurrent delivery wrote it first
            return CreditRecord.objects.get(event_key=event_key)
        raise
    return record


@transaction.atomic
def record_correct(
    *,
    record: CreditRecord,
    user,
    summary: str,
    legal_basis: str | None = None,
    valid_until: datetime.date | None = None,
) -> CreditRecord:
    """Correct a record: a new record of the same kind supersedes it; the old one stays as it was."""
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": [_("Say what the corrected record states.")]})
    if CreditRecord.objects.filter(supersedes=record).exists():
        raise ValidationError({"record": [_("This record was already corrected; correct the newer record.")]})
    return record_write(
        subject=record.subject,
        kind=record.kind,
        occurred_at=record.occurred_at,
        case=record.case,
        outcome=record.outcome,
        bureau=record.bureau,
        area=record.area,
        summary=summary,
        legal_basis=record.legal_basis if legal_basis is None else legal_basis,
        details=record.details,
        valid_until=valid_until or record.valid_until,
        concerns=record.concerns,
        supersedes=record,
        created_by=user,
    )
