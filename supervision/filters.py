"""The filter every figure, chart, drill-down list, export and bulletin is computed with.

A filter chooses a period of receipt (the cohort: all figures describe the cases received
in the period), optionally a campaign (its areas) and phase (its dates), a bureau, an area
and a source. `NONE` (0) as bureau or area means "not set yet" (a case still in triage).
"""

import dataclasses
import datetime
from urllib.parse import urlencode

from django.db.models import Q
from django.utils import timezone

from supervision.models import Campaign, Phase
from workflow.selectors.cases import overdue_q

NONE = 0


@dataclasses.dataclass(frozen=True)
class FigureFilter:
    start: datetime.date
    end: datetime.date
    campaign: Campaign | None = None
    phase: Phase | None = None
    campaign_area_ids: frozenset[int] | None = None
    bureau_id: int | None = None
    area_id: int | None = None
    source: str = ""

    def replace(self, **changes) -> "FigureFilter":
        return dataclasses.replace(self, **changes)

    def narrowed(self, start: datetime.date, end: datetime.date) -> "FigureFilter":
        """The same filter over the part of [start, end] inside the period (a week, a month)."""
        return self.replace(start=max(start, self.start), end=min(end, self.end), phase=None)

    def dimensions_q(self, prefix: str = "") -> Q:
        """The filter's choices other than the period."""
        q = Q()
        if self.campaign_area_ids is not None:
            q &= Q(**{f"{prefix}area_id__in": sorted(self.campaign_area_ids)})
        for field, value in (("area_id", self.area_id), ("bureau_id", self.bureau_id)):
            if value == NONE:
                q &= Q(**{f"{prefix}{field}__isnull": True})
            elif value is not None:
                q &= Q(**{f"{prefix}{field}": value})
        if self.source:
            q &= Q(**{f"{prefix}source": self.source})
        return q

    def rollup_q(self) -> Q:
        """Roll-up rows of the period (their `day` is the cohort day, or the closing day)."""
        return Q(day__range=(self.start, self.end)) & self.dimensions_q()

    def fact_q(self, *, basis: str = "created_on", prefix: str = "supervision_fact__") -> Q:
        """Cases (through their fact) received in the period, or closed in it (basis closed_on)."""
        return Q(**{f"{prefix}{basis}__range": (self.start, self.end)}) & self.dimensions_q(prefix)

    def case_q(self) -> Q:
        """Cases received in the period, on the case's own columns (for live figures)."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return Q(created_at__gte=start, created_at__lt=end) & self.dimensions_q()

    def overdue_q(self, now: datetime.datetime | None = None) -> Q:
        """Open cases of the period whose current step is past due now (not waiting for the reporter)."""
        return self.case_q() & overdue_q(now)

    def params(self, **extra) -> dict[str, str]:
        """Query parameters that rebuild this filter (the phase stands for its dates)."""
        values: dict[str, str] = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.campaign:
            values["campaign"] = str(self.campaign.pk)
        if self.phase:
            values["phase"] = str(self.phase.pk)
        for name, value in (("bureau", self.bureau_id), ("area", self.area_id)):
            if value is not None:
                values[name] = "none" if value == NONE else str(value)
        if self.source:
            values["source"] = self.source
        values.update({key: str(value) for key, value in extra.items() if value not in (None, "")})
        return values

    def querystring(self, **extra) -> str:
        return urlencode(self.params(**extra))
