"""Who may see supervision figures: supervisors all bureaus, bureau heads their own."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from supervision.filters import FigureFilter
from workflow.models import Officer
from workflow.selectors import officer_of


@dataclass(frozen=True)
class Scope:
    bureau_id: int | None  # None: every bureau
    manages: bool  # may generate bulletins, download them and mark typical cases


def supervision_scope(user) -> Scope | None:
    """What `user` may see here; None when nothing (callers answer 403)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Scope(bureau_id=None, manages=True)
    officer = officer_of(user)
    if officer is None:
        return None
    if officer.role == Officer.Role.SUPERVISOR:
        return Scope(bureau_id=None, manages=True)
    if officer.role == Officer.Role.HEAD:
        return Scope(bureau_id=officer.bureau_id, manages=False)
    return None


def scoped_filter(scope: Scope, figure_filter: FigureFilter) -> FigureFilter:
    """The filter restricted to the scope's bureau; asking for another bureau is refused."""
    if scope.bureau_id is None:
        return figure_filter
    if figure_filter.bureau_id not in (None, scope.bureau_id):
        raise PermissionDenied("another bureau's figures")
    return figure_filter.replace(bureau_id=scope.bureau_id)
