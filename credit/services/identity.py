"""Showing a listed person's full identity number: only on the enforcing bureau's task, and
always written to the workflow's identity audit log."""

from credit.models import Enforcement
from workflow.models import IdentityAccessLog

SUBJECT_ID_FIELD = "credit_subject_id_number"


def enforcement_identity_show(*, user, enforcement: Enforcement) -> str:
    """The listed person's full identity number for the officer on the enforcement task,
    recorded in IdentityAccessLog (who, the listing's case, when); "" for an organisation.
    The caller has checked that `user` may do the task (credit_task_get)."""
    number = enforcement.listing.subject.id_number
    if number:
        IdentityAccessLog.objects.create(
            user=user, case_id=enforcement.listing.case_id, fields=[SUBJECT_ID_FIELD]
        )
    return number
