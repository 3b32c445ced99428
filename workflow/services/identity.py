"""Reporter identity: asked for with a reason, released by a custodian for a limited time,
shown only while the release is open, and every showing audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.models import Case, IdentityAccessLog, IdentityRelease
from workflow.selectors import (
    identity_custodian,
    identity_release_open,
    identity_release_policy,
    reporter_identity_allowed,
)

IDENTITY_FIELDS = ["reporter_name", "reporter_phone", "reporter_id_number", "reporter_email"]
REASON_MIN_LENGTH = 10


def identity_release_request(*, user, case: Case, reason: str) -> IdentityRelease:
    """Ask the custodian to open `case`'s reporter identity to `user`. Precondition: `user`
    may ask (reporter_identity_allowed), else PermissionDenied; ValidationError for an
    anonymous report, a short reason or a request already waiting."""
    if not reporter_identity_allowed(user=user, case=case):
        raise PermissionDenied(_("You may not ask who filed this report."))
    reason = reason.strip()
    if case.report.anonymous:
        raise ValidationError({"reason": _("This report is anonymous: there is no identity to release.")})
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _("Say why you need the reporter's identity (at least %(n)d characters).")
                % {"n": REASON_MIN_LENGTH}
            }
        )
    release = IdentityRelease(case=case, requested_by=user, reason=reason)
    release.full_clean(exclude=["case", "requested_by"])
    try:
        with transaction.atomic():
            release.save()
    except IntegrityError:
        raise ValidationError(
            {"reason": _("You have already asked for this case; the custodian has not decided yet.")}
        ) from None
    return release


@transaction.atomic
def identity_release_decide(*, user, release_id: int, approve: bool, note: str = "") -> IdentityRelease:
    """A custodian approves (open for the policy's hours) or refuses (with a note) a waiting
    request. PermissionDenied for anyone else and for one's own request; ValidationError
    when it was decided already or a refusal has no note."""
    if not identity_custodian(user):
        raise PermissionDenied(_("Only an identity custodian decides these requests."))
    release = IdentityRelease.objects.select_for_update().filter(pk=release_id).first()
    if release is None:
        raise ValidationError({"decision": _("This request does not exist.")})
    if release.requested_by_id == user.pk:
        raise PermissionDenied(_("Another custodian must decide your own request."))
    if release.status != IdentityRelease.Status.REQUESTED:
        raise ValidationError({"decision": _("This request has been decided already.")})
    note = note.strip()
    now = timezone.now()
    if approve:
        policy = identity_release_policy()
        if policy is None:
            raise ValidationError(
                {"decision": _("No identity release policy is set: ask the administrator.")}
            )
        release.status = IdentityRelease.Status.APPROVED
        release.open_until = now + policy.open_for
    else:
        if not note:
            raise ValidationError({"note": _("Say why the request is refused: the officer reads this.")})
        release.status = IdentityRelease.Status.REFUSED
    release.decided_by = user
    release.decided_at = now
    release.decision_note = note
    release.save(update_fields=["status", "open_until", "decided_by", "decided_at", "decision_note"])
    return release


def reporter_identity_show(*, user, case: Case) -> dict[str, str]:
    """The non-empty identity fields of the case's reporter for `user` while a release to
    them is open, written to the audit log (who, which case, which release, when, which
    fields). PermissionDenied unless the rule allows it and a release is open."""
    if not reporter_identity_allowed(user=user, case=case):
        raise PermissionDenied(_("You may not see who filed this report."))
    release = identity_release_open(user=user, case=case)
    if release is None:
        raise PermissionDenied(_("The identity custodian has not released this reporter's identity to you."))
    report = case.report
    shown = {name: getattr(report, name) for name in IDENTITY_FIELDS if getattr(report, name)}
    IdentityAccessLog.objects.create(user=user, case=case, release=release, fields=sorted(shown))
    return shown
