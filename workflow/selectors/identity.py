"""Identity release: who may ask, who decides, who audits, and which release is open."""

from django.db.models import Count, QuerySet
from django.utils import timezone

from workflow.models import Case, IdentityAccessLog, IdentityRelease, IdentityReleasePolicy, Officer
from workflow.permissions import officer_of

CUSTODIAN_PERMISSION = "workflow.decide_identity_release"


def identity_custodian(user) -> bool:
    """Holders of the custodian permission decide requests (they see no case otherwise)."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and user.has_perm(CUSTODIAN_PERMISSION)
    )


def identity_auditor(user) -> bool:
    """Supervisors and administrators read the identity audit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    officer = officer_of(user)
    return user.is_superuser or (officer is not None and officer.role == Officer.Role.SUPERVISOR)


def identity_release_policy() -> IdentityReleasePolicy | None:
    return IdentityReleasePolicy.objects.order_by("pk").first()


def identity_release_open(*, user, case: Case) -> IdentityRelease | None:
    """The approved, unexpired release of `case`'s reporter identity to `user`, if any."""
    return (
        IdentityRelease.objects.filter(
            case=case,
            requested_by=user,
            status=IdentityRelease.Status.APPROVED,
            open_until__gt=timezone.now(),
        )
        .order_by("-open_until")
        .first()
    )


def identity_releases_of(*, user, case: Case) -> QuerySet[IdentityRelease]:
    """`user`'s own requests for `case`, newest first."""
    return IdentityRelease.objects.filter(case=case, requested_by=user).select_related("decided_by")


def identity_releases_waiting() -> QuerySet[IdentityRelease]:
    """Requests waiting for a custodian, oldest first (case and asker for the list)."""
    return (
        IdentityRelease.objects.filter(status=IdentityRelease.Status.REQUESTED)
        .select_related("case", "case__bureau", "requested_by")
        .order_by("requested_at", "pk")
    )


def identity_releases_audit() -> QuerySet[IdentityRelease]:
    """Every request with its decision and how often the identity was then shown."""
    return (
        IdentityRelease.objects.select_related("case", "requested_by", "decided_by")
        .annotate(showings=Count("accesses"))
        .order_by("-requested_at", "-pk")
    )


def identity_accesses_audit() -> QuerySet[IdentityAccessLog]:
    """Every showing of a reporter's identity, newest first."""
    return IdentityAccessLog.objects.select_related("user", "case").order_by("-created_at", "-pk")
