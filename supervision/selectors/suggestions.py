"""How often triage officers accept the model's top suggestion (automatic dispatches left out)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from intake.models import Area
from intake.triage.models import ReportSuggestion
from supervision.filters import NONE, FigureFilter


@dataclass(frozen=True)
class Acceptance:
    label: str
    decided: int
    accepted: int

    @property
    def rate(self) -> float | None:
        return self.accepted / self.decided if self.decided else None


def suggestion_acceptance(figure_filter: FigureFilter) -> tuple[Acceptance, list[Acceptance], int]:
    """Officers' triage decisions in the period (by the day decided) that took the top
    suggestion: in total, by the area they chose, and how many were dispatched automatically.
    Follows the filter's bureau and area (the case's)."""
    rows = ReportSuggestion.objects.filter(decided_at__date__range=(figure_filter.start, figure_filter.end))
    for field, value in (("bureau_id", figure_filter.bureau_id), ("area_id", figure_filter.area_id)):
        if value == NONE:
            rows = rows.filter(**{f"report__case__{field}__isnull": True})
        elif value is not None:
            rows = rows.filter(**{f"report__case__{field}": value})
    if figure_filter.campaign_area_ids is not None:
        rows = rows.filter(report__case__area_id__in=sorted(figure_filter.campaign_area_ids))
    automatic = rows.filter(auto_dispatched=True).count()
    by_area = list(
        rows.filter(auto_dispatched=False)
        .values("confirmed_area", "confirmed_out_of_scope")
        .annotate(decided=Count("pk"), accepted=Count("pk", filter=Q(accepted=True)))
        .order_by()
    )
    areas = Area.objects.in_bulk([row["confirmed_area"] for row in by_area if row["confirmed_area"]])
    out_of_scope = str(ReportSuggestion._meta.get_field("out_of_scope").verbose_name)
    result = sorted(
        (
            Acceptance(
                label=out_of_scope
                if row["confirmed_out_of_scope"]
                else str(areas.get(row["confirmed_area"], "-")),
                decided=row["decided"],
                accepted=row["accepted"],
            )
            for row in by_area
        ),
        key=lambda row: -row.decided,
    )
    total = Acceptance(
        label="", decided=sum(r.decided for r in result), accepted=sum(r.accepted for r in result)
    )
    return total, result, automatic
