"""Who may see what. Every view, API, consumer and task asks these, never its own filter."""

from django.db.models import Q, QuerySet

from workflow.models import Case, Officer


def officer_of(user) -> Officer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.officer
    except Officer.DoesNotExist:
        return None


def case_visible_q(user) -> Q | None:
    """The filter of cases `user` may see; None means none at all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    officer = officer_of(user)
    if officer is None:
        return None
    if officer.role in (Officer.Role.SUPERVISOR, Officer.Role.TRIAGE):
        return Q()
    if officer.role in (Officer.Role.OFFICER, Officer.Role.HEAD):
        return Q(bureau_id=officer.bureau_id)
    return None


def case_list(*, user) -> QuerySet[Case]:
    """Cases `user` may see (own bureau for bureau staff; all for triage and supervisors)."""
    condition = case_visible_q(user)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


def case_get(*, user, reference: str) -> Case | None:
    """One case by reference if `user` may see it, else None (callers answer 404)."""
    return case_list(user=user).select_related("area", "bureau", "report").filter(reference=reference).first()
