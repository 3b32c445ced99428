"""Finding or creating the credit subject a report or an outcome is about."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from credit.models import Subject, SubjectReport
from credit.models.subjects import mask_person_name
from intake.crypto import keyed_hash
from intake.models import Report
from intake.validators import mask_id_number, normalize_id_number, validate_credit_code

logger = logging.getLogger(__name__)

Kind = Subject.Kind


def id_number_hash(number: str) -> str:
    """The keyed hash reports and outcomes use for a resident ID number (purpose "id")."""
    return keyed_hash(normalize_id_number(number), purpose="id")


def _public_name(kind: str, name: str) -> str:
    return mask_person_name(name) if kind == Kind.PERSON else name


def _get_or_create(lookup: dict, defaults: dict) -> Subject:
    subject = Subject.objects.filter(**lookup).first()
    if subject is not None:
        return subject
    try:
        with transaction.atomic():
            subject = Subject(**lookup, **defaults)
            subject.full_clean(exclude=["id_number"])
            subject.save()
            return subject
    except IntegrityError:  # created meanwhile by a concurrent delivery
        return Subject.objects.get(**lookup)


def subject_resolve(
    *,
    kind: str,
    name: str = "",
    credit_code: str = "",
    id_number: str = "",
    id_hash: str = "",
) -> Subject | None:
    """The keyed subject for a credit code or ID number (created when new), else None.

    A credit code that does not validate is not a key. Missing names and numbers are filled
    in on an existing subject; nothing else about it changes.
    """
    name = (name or "").strip()[:200]
    code = ""
    if credit_code:
        try:
            code = validate_credit_code(credit_code)
        except ValidationError:
            logger.warning("credit code of a subject does not validate; not used as a key")
    if code:
        subject = _get_or_create(
            {"credit_code": code},
            {"kind": Kind.ORGANISATION, "name": name, "public_name": name},
        )
        if name and not subject.name:
            Subject.objects.filter(pk=subject.pk).update(name=name, public_name=name)
            subject.name = subject.public_name = name
        return subject

    number = normalize_id_number(id_number)
    id_hash = id_number_hash(number) if number else id_hash
    if id_hash:
        kind = Kind.PERSON if kind == Kind.UNKNOWN else kind
        subject = _get_or_create(
            {"id_hash": id_hash},
            {
                "kind": kind,
                "name": name,
                "public_name": _public_name(kind, name),
                "id_number": number,
                "id_masked": mask_id_number(number) if number else "",
            },
        )
        changes = {}
        if number and not subject.id_masked:
            changes.update(id_number=number, id_masked=mask_id_number(number))
        if name and not subject.name:
            changes.update(name=name, public_name=_public_name(subject.kind, name))
        if changes:
            for field, value in changes.items():
                setattr(subject, field, value)
            subject.save(update_fields=[*changes, "updated_at"])
        return subject
    return None


def subject_unkeyed_create(*, kind: str, name: str) -> Subject:
    """A subject known only by name: it links to nothing else."""
    kind = kind if kind in Kind.values else Kind.UNKNOWN
    subject = Subject(kind=kind, name=name[:200], public_name=_public_name(kind, name)[:200])
    subject.full_clean(exclude=["id_number"])
    subject.save()
    return subject


def subject_link_report(*, subject: Subject, report: Report) -> None:
    """Note that `report` named `subject` (idempotent)."""
    SubjectReport.objects.get_or_create(subject=subject, report=report)


@transaction.atomic
def report_subject_link(*, report_id: int) -> Subject | None:
    """Link a newly received report to the subject of its credit code, if it gives a valid one."""
    report = (
        Report.objects.filter(pk=report_id)
        .only("id", "subject_kind", "subject_name", "subject_credit_code")
        .first()
    )
    if report is None or not report.subject_credit_code:
        return None
    subject = subject_resolve(
        kind=report.subject_kind, name=report.subject_name, credit_code=report.subject_credit_code
    )
    if subject is not None:
        subject_link_report(subject=subject, report=report)
    return subject
