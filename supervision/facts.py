"""What a case counts towards, derived from its columns and the deadline policies.

Definitions (the dashboard, the drill-down lists and the bulletins all use these):
- received: the case exists; its day is the local date of `created_at` (the cohort day).
- accepted (受理): dispatched to a bureau and not ended as rejected, merged or emergency.
- closed (办结): accepted and now closed; `closed_on` is the local date of `closed_at`.
- triage on time: dispatched by the end of the triage deadline counted from receipt.
- sign on time: signed for by the end of the sign deadline counted from dispatch.
- investigate on time: decided by `investigation_due_at` (extensions included), or by
  the investigation deadline counted from signing when the flow did not set it.
  A step not reached yet is not measured (None).
- working days to close: working days after the day of receipt up to the day of closing.
- returned / reopened: returned by a bureau or reopened after a dispute at least once.
"""

import datetime

from django.utils import timezone

from supervision.calendar import WorkCalendar
from workflow.models import Case, Step

CASE_COLUMNS = (
    "id",
    "area_id",
    "bureau_id",
    "source",
    "state",
    "resolution",
    "returns",
    "reopened",
    "rating",
    "disputed",
    "created_at",
    "dispatched_at",
    "signed_at",
    "decided_at",
    "closed_at",
    "investigation_due_at",
    "updated_at",
)
NOT_ACCEPTED = (Case.Resolution.REJECTED, Case.Resolution.MERGED, Case.Resolution.EMERGENCY)
FACT_FIELDS = (
    "created_on",
    "closed_on",
    "area_id",
    "bureau_id",
    "source",
    "accepted",
    "closed",
    "triage_on_time",
    "sign_on_time",
    "investigate_on_time",
    "close_working_days",
    "returned",
    "reopened",
    "rating",
    "disputed",
)


def local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def fact_compute(row: dict, calendar: WorkCalendar) -> dict:
    """The fact of one case from its CASE_COLUMNS values (no queries)."""
    area_id = row["area_id"]
    created, dispatched, signed = row["created_at"], row["dispatched_at"], row["signed_at"]
    decided, closed_at = row["decided_at"], row["closed_at"]
    accepted = dispatched is not None and row["resolution"] not in NOT_ACCEPTED
    closed = accepted and row["state"] == Case.State.CLOSED and closed_at is not None
    created_on = local_date(created)
    closed_on = local_date(closed_at) if closed else None

    triage = sign = investigate = None
    if dispatched is not None:
        triage = dispatched <= calendar.due(Step.TRIAGE, area_id, created)
        if signed is not None:
            sign = signed <= calendar.due(Step.SIGN, area_id, dispatched)
    if decided is not None:
        due = row["investigation_due_at"] or calendar.due(
            Step.INVESTIGATE, area_id, signed or dispatched or created
        )
        investigate = decided <= due
    return {
        "created_on": created_on,
        "closed_on": closed_on,
        "area_id": area_id,
        "bureau_id": row["bureau_id"],
        "source": row["source"],
        "accepted": accepted,
        "closed": closed,
        "triage_on_time": triage,
        "sign_on_time": sign,
        "investigate_on_time": investigate,
        "close_working_days": calendar.between(created_on, closed_on) if closed else None,
        "returned": row["returns"] > 0,
        "reopened": row["reopened"] > 0,
        "rating": row["rating"],
        "disputed": bool(row["disputed"]),
    }


def fact_days(fact: dict | None) -> set[datetime.date]:
    """The roll-up days a fact contributes to."""
    if not fact:
        return set()
    return {day for day in (fact["created_on"], fact["closed_on"]) if day is not None}


def row_dates(row: dict) -> list[datetime.date]:
    """Every local date a case's deadlines are counted from or to (for the calendar's range)."""
    moments = (row["created_at"], row["dispatched_at"], row["signed_at"], row["closed_at"])
    return [local_date(moment) for moment in moments if moment is not None]
