"""What a bulletin says: the period's figures, the campaign to date, ranking, overdue and typical cases.

A bulletin has two filters, both the dashboard's: the cases received in the bulletin's
week or month, and the cases received since the start of the campaign running at the end
of the period (since 1 January of that year when none runs) up to the period's end. The
ranking and the overdue cases use the second, so a bulletin names every unit and case
that is behind, not only this week's.
"""

import dataclasses
import datetime

from django.db.models import Q
from django.utils import timezone

from intake.models import Bureau
from supervision.calendar import calendar_for
from supervision.filters import NONE, FigureFilter
from supervision.models import Bulletin, Campaign, TypicalCase, UnitOutcome
from supervision.selectors.assessment import Assessment, assessment_rank
from supervision.selectors.figures import (
    Figures,
    figures_grouped,
    figures_total,
)
from workflow.models import Case

OVERDUE_LIMIT = 5000


@dataclasses.dataclass
class OverdueCase:
    case: Case
    working_days_overdue: int


@dataclasses.dataclass
class BulletinContent:
    bulletin: Bulletin
    campaign: Campaign | None
    period_filter: FigureFilter
    cumulative_filter: FigureFilter
    period: Figures
    cumulative: Figures
    by_bureau: list[tuple[Bureau | None, Figures]]
    ranking: list[Assessment]
    overdue: list[OverdueCase]
    overdue_total: int
    typical: list[TypicalCase]
    generated_at: datetime.datetime
    # Supervisors' decisions on units since the period began (commendations, rectification
    # orders with criticism, referrals for accountability): the bulletin names them.
    unit_outcomes: list[UnitOutcome] = dataclasses.field(default_factory=list)


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The week (Monday to Sunday) or calendar month containing `day`."""
    if period == Bulletin.Period.WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    start = day.replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following - datetime.timedelta(days=1)


def campaign_running(day: datetime.date) -> Campaign | None:
    """The first active campaign with a phase that includes `day`."""
    return (
        Campaign.objects.filter(is_active=True, phases__start__lte=day)
        .filter(Q(phases__end__isnull=True) | Q(phases__end__gte=day))
        .order_by("pk")
        .first()
    )


def bulletin_filters(
    start: datetime.date, end: datetime.date
) -> tuple[FigureFilter, FigureFilter, Campaign | None]:
    """The period filter and the campaign-to-date filter of a bulletin for [start, end]."""
    campaign = campaign_running(end)
    areas = frozenset(campaign.areas.values_list("pk", flat=True)) if campaign else None
    period = FigureFilter(start=start, end=end, campaign=campaign, campaign_area_ids=areas)
    since = min(campaign.phases.values_list("start", flat=True)) if campaign else end.replace(month=1, day=1)
    return period, period.replace(start=min(since, start)), campaign


def bulletin_content(bulletin: Bulletin, *, now: datetime.datetime | None = None) -> BulletinContent:
    """Everything a bulletin holds, computed now."""
    now = now or timezone.now()
    period_filter, cumulative_filter, campaign = bulletin_filters(bulletin.start, bulletin.end)
    grouped = figures_grouped(period_filter, "bureau", now=now)
    bureaus = Bureau.objects.in_bulk([key for key in grouped if key != NONE])
    by_bureau = sorted(
        ((bureaus.get(key), figures) for key, figures in grouped.items()),
        key=lambda pair: (-pair[1].received, pair[0].code if pair[0] else "~"),
    )
    overdue_cases = list(
        Case.objects.filter(cumulative_filter.overdue_q(now))
        .select_related("area", "bureau")
        .order_by("due_at", "pk")[:OVERDUE_LIMIT]
    )
    today = timezone.localtime(now).date()
    calendar = calendar_for(today, *(timezone.localtime(c.due_at).date() for c in overdue_cases))
    overdue = [
        OverdueCase(
            case=case, working_days_overdue=calendar.between(timezone.localtime(case.due_at).date(), today)
        )
        for case in overdue_cases
    ]
    zone = timezone.get_current_timezone()
    # Typical cases are marked once the facts are known, often after the period ended: take
    # those marked from the period's start until the bulletin is made.
    typical = list(
        TypicalCase.objects.filter(
            marked_at__gte=datetime.datetime.combine(bulletin.start, datetime.time.min, tzinfo=zone),
            marked_at__lte=now,
        )
        .select_related("case", "case__area", "case__bureau")
        .order_by("marked_at")
    )
    unit_outcomes = list(
        UnitOutcome.objects.filter(
            decided_at__gte=datetime.datetime.combine(bulletin.start, datetime.time.min, tzinfo=zone),
            decided_at__lte=now,
        )
        .select_related("bureau")
        .order_by("kind", "decided_at")
    )
    cumulative = figures_total(cumulative_filter, now=now)
    return BulletinContent(
        bulletin=bulletin,
        campaign=campaign,
        period_filter=period_filter,
        cumulative_filter=cumulative_filter,
        period=figures_total(period_filter, now=now),
        cumulative=cumulative,
        by_bureau=by_bureau,
        ranking=assessment_rank(cumulative_filter, now=now),
        overdue=overdue,
        overdue_total=cumulative.overdue,
        typical=typical,
        generated_at=now,
        unit_outcomes=unit_outcomes,
    )
