"""Supervisors decide a unit's outcome from the assessment figures (rules, part 5.2:
对工作成效明显的...宣传报道; 对工作推动不力的...责令限期整改，并在媒体通报批评; 对涉嫌违纪违法的，
请相关部门追究责任)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Bureau
from intake.services import Errors
from supervision.filters import FigureFilter
from supervision.models import UnitOutcome
from supervision.selectors.access import supervision_scope
from supervision.selectors.assessment import assessment_rank

REASON_MAX = 2000


def unit_figures(*, bureau: Bureau, figure_filter: FigureFilter):
    """The unit's assessment row (score, parts, figures) for the filter, or None without cases."""
    return next((row for row in assessment_rank(figure_filter) if row.bureau.pk == bureau.pk), None)


@transaction.atomic
def unit_outcome_decide(
    *,
    user,
    bureau: Bureau,
    figure_filter: FigureFilter,
    kind: str,
    reason: str,
    rectify_by: datetime.date | None = None,
    referred_to: str = "",
) -> UnitOutcome:
    """Record a supervisor's decision with the figures it rests on. PermissionDenied for anyone
    but a supervisor; ValidationError (field -> messages) on bad input, nothing stored then."""
    scope = supervision_scope(user)
    if scope is None or not scope.manages:
        raise PermissionDenied
    errors = Errors()
    reason = (reason or "").strip()
    referred_to = (referred_to or "").strip()
    if kind not in UnitOutcome.Kind.values:
        errors.add("kind", _("Choose the outcome."))
    if not reason:
        errors.add("reason", _("Give the reason, from the figures."))
    elif len(reason) > REASON_MAX:
        errors.add("reason", _("The reason is limited to 2000 characters."))
    if kind == UnitOutcome.Kind.RECTIFICATION and (rectify_by is None or rectify_by <= timezone.localdate()):
        errors.add("rectify_by", _("Give a rectification deadline after today."))
    if kind == UnitOutcome.Kind.ACCOUNTABILITY and not referred_to:
        errors.add("referred_to", _("Name the body the unit is referred to."))
    errors.raise_if_any()
    row = unit_figures(bureau=bureau, figure_filter=figure_filter)
    figures = {}
    if row is not None:
        f = row.figures
        figures = {
            "received": f.received,
            "accepted": f.accepted,
            "closed": f.closed,
            "overdue": f.overdue,
            "closure_rate": f.closure_rate,
            "on_time_rate": f.on_time_rate,
            "satisfaction_rate": f.satisfaction_rate,
            "rank": row.rank,
        }
    return UnitOutcome.objects.create(
        bureau=bureau,
        kind=kind,
        period_start=figure_filter.start,
        period_end=figure_filter.end,
        score=row.score if row is not None else None,
        figures=figures,
        reason=reason,
        rectify_by=rectify_by if kind == UnitOutcome.Kind.RECTIFICATION else None,
        referred_to=referred_to if kind == UnitOutcome.Kind.ACCOUNTABILITY else "",
        decided_by=user,
    )
