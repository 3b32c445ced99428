"""Showing a reporter's identity: only to those the rule allows, and always audited."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from workflow.models import Case, IdentityAccessLog
from workflow.selectors import reporter_identity_allowed

IDENTITY_FIELDS = ["reporter_name", "reporter_phone", "reporter_id_number", "reporter_email"]


def reporter_identity_show(*, user, case: Case) -> dict[str, str]:
    """The non-empty identity fields of the case's reporter for `user`, written to the audit
    log (who, which case, when, which fields). PermissionDenied unless the rule allows it."""
    if not reporter_identity_allowed(user=user, case=case):
        raise PermissionDenied(_("You may not see who filed this report."))
    report = case.report
    shown = {name: getattr(report, name) for name in IDENTITY_FIELDS if getattr(report, name)}
    IdentityAccessLog.objects.create(user=user, case=case, fields=sorted(shown))
    return shown
