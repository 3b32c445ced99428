"""Turning a decided case's outcomes into credit records, listings and publication tasks.

The workflow sends case_changed(DECIDED) after the decision commits, and again after a
rectification check or a police answer. Everything here is keyed on the outcome, so a second
delivery of the same state writes nothing, and a later state adds only what is new.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from credit.models import CreditRecord, Subject
from credit.services.listings import listing_create
from credit.services.publications import publication_open
from credit.services.records import record_write
from credit.services.subjects import (
    subject_link_report,
    subject_resolve,
    subject_unkeyed_create,
)
from workflow.models import Case, Outcome

logger = logging.getLogger(__name__)

Kind = CreditRecord.Kind

RECORD_KIND = {
    Outcome.Kind.RECTIFICATION: Kind.RECTIFICATION_ORDERED,
    Outcome.Kind.INTERVIEW: Kind.INTERVIEW,
    Outcome.Kind.PENALTY: Kind.PENALTY,
    Outcome.Kind.BLACKLIST: Kind.BLACKLIST,
    Outcome.Kind.REFERRAL: Kind.REFERRAL,
    Outcome.Kind.EXPOSURE: Kind.EXPOSURE,
    Outcome.Kind.ACCOUNTABILITY: Kind.ACCOUNTABILITY,
    Outcome.Kind.SHUTDOWN: Kind.SHUTDOWN,
    Outcome.Kind.JUDICIAL_REFERRAL: Kind.JUDICIAL_REFERRAL,
    Outcome.Kind.BAN: Kind.BANNED,
    # Education instead of sanction (rules, part 3(2)3) leaves no mark in the credit file.
}

# How far back the sweep looks for outcomes whose event never arrived.
SWEEP_DAYS = 90


@transaction.atomic
def case_decision_apply(*, case_id: int) -> None:
    """Apply every outcome of a decided case (idempotent; see the module docstring)."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("report", "area", "bureau")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        return
    unkeyed: dict[tuple[str, str], Subject] = {}
    for outcome in case.outcomes.select_related("decided_by").order_by("pk"):
        _outcome_apply(case, outcome, unkeyed)


def _outcome_apply(case: Case, outcome: Outcome, unkeyed: dict) -> None:
    kind = RECORD_KIND.get(outcome.kind)
    if kind is None:  # unfounded, education: nothing for a credit file
        return
    subject = _outcome_subject(case, outcome, unkeyed)
    if subject is None:
        logger.warning("outcome names no subject; no credit record", extra={"outcome_id": outcome.pk})
        return
    common = {"subject": subject, "case": case, "outcome": outcome, "bureau": case.bureau, "area": case.area}
    listing = None
    if outcome.kind == Outcome.Kind.BLACKLIST:
        listing = listing_create(outcome=outcome, case=case, subject=subject)
    decided = record_write(
        **common,
        kind=kind,
        occurred_at=outcome.decided_at,
        event_key=f"outcome:{outcome.pk}:decided",
        summary=outcome.summary,
        legal_basis=outcome.legal_basis,
        details=_details(outcome),
        valid_until=listing.listed_until if listing else None,
        created_by=outcome.decided_by,
    )
    if outcome.kind == Outcome.Kind.RECTIFICATION and outcome.rectified is not None:
        record_write(
            **common,
            kind=Kind.RECTIFICATION_MET if outcome.rectified else Kind.RECTIFICATION_MISSED,
            occurred_at=outcome.checked_at or timezone.now(),
            event_key=f"outcome:{outcome.pk}:rectification",
            legal_basis=outcome.legal_basis,
            details={"rectification_due": _iso(outcome.rectification_due)},
            concerns=decided,
        )
    if outcome.kind == Outcome.Kind.REFERRAL and outcome.referral_status in (
        Outcome.ReferralStatus.ACKNOWLEDGED,
        Outcome.ReferralStatus.SENT_BACK,
    ):
        acknowledged = outcome.referral_status == Outcome.ReferralStatus.ACKNOWLEDGED
        record_write(
            **common,
            kind=Kind.REFERRAL_ACKNOWLEDGED if acknowledged else Kind.REFERRAL_SENT_BACK,
            occurred_at=timezone.now(),
            event_key=f"outcome:{outcome.pk}:referral_{outcome.referral_status}",
            summary=outcome.referral_note,
            details={"police_case_number": outcome.police_case_number} if acknowledged else {},
            concerns=decided,
        )
    if outcome.kind in (Outcome.Kind.PENALTY, Outcome.Kind.BLACKLIST, Outcome.Kind.BAN):
        publication_open(outcome=outcome, case=case, subject=subject, listing=listing)


def _outcome_subject(case: Case, outcome: Outcome, unkeyed: dict) -> Subject | None:
    """The outcome's own subject; the report's when the outcome names none."""
    earlier = CreditRecord.objects.filter(outcome=outcome).select_related("subject").first()
    if earlier is not None:
        return earlier.subject
    report = case.report
    if (
        outcome.subject_name
        or outcome.subject_credit_code
        or outcome.subject_id_hash
        or outcome.subject_id_number
    ):
        kind = outcome.subject_kind or report.subject_kind
        name, code = outcome.subject_name, outcome.subject_credit_code
        number, id_hash = outcome.subject_id_number, outcome.subject_id_hash
    else:
        kind, name, code, number, id_hash = (
            report.subject_kind,
            report.subject_name,
            report.subject_credit_code,
            "",
            "",
        )
    subject = subject_resolve(kind=kind, name=name, credit_code=code, id_number=number, id_hash=id_hash)
    if subject is None:
        name = (name or "").strip()
        if not name:
            return None
        key = (kind, name)
        subject = unkeyed.get(key) or _unkeyed_on_case(case, kind, name)
        if subject is None:
            subject = subject_unkeyed_create(kind=kind, name=name)
        unkeyed[key] = subject
    subject_link_report(subject=subject, report=report)
    return subject


def _unkeyed_on_case(case: Case, kind: str, name: str) -> Subject | None:
    record = (
        CreditRecord.objects.filter(
            case=case, subject__credit_code="", subject__id_hash="", subject__kind=kind, subject__name=name
        )
        .select_related("subject")
        .first()
    )
    return record.subject if record else None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _details(outcome: Outcome) -> dict:
    details = {
        "decision_number": outcome.decision_number,
        "amount": str(outcome.amount) if outcome.amount is not None else None,
        "decision_date": _iso(outcome.decision_date),
        "rectification_due": _iso(outcome.rectification_due),
        "listed_until": _iso(outcome.listed_until),
    }
    if outcome.kind == Outcome.Kind.BLACKLIST:
        details["measures"] = sorted(outcome.measures.values_list("code", flat=True))
    return {key: value for key, value in details.items() if value}


def decisions_sweep() -> int:
    """Apply decisions whose DECIDED event was lost (a crash between commit and delivery).

    Looks at outcomes of decided cases from the last SWEEP_DAYS days that lack the record of
    their decision, rectification check or police answer. Returns how many cases it applied.
    """
    since = timezone.now() - datetime.timedelta(days=SWEEP_DAYS)
    recent = Outcome.objects.filter(created_at__gte=since, case__decided_at__isnull=False)
    missing = (
        recent.exclude(kind=Outcome.Kind.UNFOUNDED).filter(credit_records__isnull=True)
        | recent.filter(kind=Outcome.Kind.RECTIFICATION, rectified__isnull=False).exclude(
            credit_records__kind__in=[Kind.RECTIFICATION_MET, Kind.RECTIFICATION_MISSED]
        )
        | recent.filter(
            kind=Outcome.Kind.REFERRAL,
            referral_status__in=[Outcome.ReferralStatus.ACKNOWLEDGED, Outcome.ReferralStatus.SENT_BACK],
        ).exclude(credit_records__kind__in=[Kind.REFERRAL_ACKNOWLEDGED, Kind.REFERRAL_SENT_BACK])
    )
    applied = 0
    for case_id in sorted(set(missing.values_list("case_id", flat=True))):
        try:
            case_decision_apply(case_id=case_id)
            applied += 1
        except Exception:
            logger.exception("applying the decision of case %s failed", case_id)
    return applied
