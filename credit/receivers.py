"""The credit registry listens to intake and the workflow (signals sent after commit).

A failure here must not break the sender, whose transaction has already committed: it is
logged with ids only, and the periodic sweep (credit.tasks.decisions_sweep) applies it later.
"""

import logging

from django.dispatch import receiver

from credit.services import decisions, sectors, subjects
from intake.signals import policy_version_adopted, report_received
from workflow.signals import CaseEvent, case_changed

logger = logging.getLogger(__name__)


@receiver(case_changed, dispatch_uid="credit_case_decided")
def case_decided(sender, case_id: int, event: str, actor_id=None, **kwargs) -> None:
    if event != CaseEvent.DECIDED:
        return
    try:
        decisions.case_decision_apply(case_id=case_id)
    except Exception:
        logger.exception("credit: applying the decision of case %s failed; the sweep retries", case_id)


@receiver(report_received, dispatch_uid="credit_report_received")
def report_subject(sender, report_id: int, **kwargs) -> None:
    """In the worker: link the report to the subject of its credit code (idempotent)."""
    try:
        subjects.report_subject_link(report_id=report_id)
    except Exception:
        logger.exception("credit: linking report %s to its subject failed", report_id)


@receiver(policy_version_adopted, dispatch_uid="credit_sector_criteria_adopted")
def sector_criteria_adopted(sender, version_id: int, **kwargs) -> None:
    """Inside the adopting transaction: an adopted sector-criteria version becomes the sector's
    published rules (a failure undoes the adoption)."""
    sectors.sector_rules_put_in_force(version_id=version_id)
