"""PostgreSQL: compute every case's fact in SQL, the same answers as facts.fact_compute.

The calendar (ordinal of each day, each working day by ordinal) and the deadline policies
per area are loaded into temporary tables from `WorkCalendar`, so the SQL needs no
knowledge of holidays; a test holds both paths to the same result.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from intake.models import Area
from supervision.calendar import WorkCalendar, calendar_for
from supervision.facts import NOT_ACCEPTED
from workflow.models import Case, Step

FACTS_INSERT = """
INSERT INTO supervision_casefact (
    case_id, created_on, closed_on, area_id, bureau_id, source, accepted, closed,
    triage_on_time, sign_on_time, investigate_on_time, close_working_days,
    returned, reopened, rating, disputed, case_updated_at, refreshed_at
)
SELECT
    c.id, c.created_on, CASE WHEN c.is_closed THEN c.closed_on END,
    c.area_id, c.bureau_id, c.source, c.accepted, c.is_closed,
    CASE WHEN c.dispatched_at IS NOT NULL THEN c.dispatched_at <= (
        (CASE WHEN p.triage = 0 THEN c.created_on ELSE tw.day END + time '23:59:59')
        AT TIME ZONE %(tz)s) END,
    CASE WHEN c.dispatched_at IS NOT NULL AND c.signed_at IS NOT NULL THEN c.signed_at <= (
        (CASE WHEN p.sign = 0 THEN c.dispatched_on ELSE sw.day END + time '23:59:59')
        AT TIME ZONE %(tz)s) END,
    CASE WHEN c.decided_at IS NOT NULL THEN c.decided_at <= coalesce(
        c.investigation_due_at,
        (CASE WHEN p.investigate = 0 THEN c.investigation_from ELSE iw.day END + time '23:59:59')
        AT TIME ZONE %(tz)s) END,
    CASE WHEN c.is_closed THEN greatest(kc.ord - kr.ord, 0) END,
    c.returns > 0, c.reopened > 0, c.rating, c.disputed, c.updated_at, %(now)s
FROM (
    SELECT
        wc.id, wc.area_id, wc.bureau_id, wc.source, wc.returns, wc.reopened, wc.rating,
        wc.disputed, wc.updated_at, wc.dispatched_at, wc.signed_at, wc.decided_at,
        wc.investigation_due_at,
        (wc.created_at AT TIME ZONE %(tz)s)::date AS created_on,
        (wc.closed_at AT TIME ZONE %(tz)s)::date AS closed_on,
        (wc.dispatched_at AT TIME ZONE %(tz)s)::date AS dispatched_on,
        (coalesce(wc.signed_at, wc.dispatched_at, wc.created_at) AT TIME ZONE %(tz)s)::date
            AS investigation_from,
        (wc.dispatched_at IS NOT NULL AND wc.resolution <> ALL(%(not_accepted)s)) AS accepted,
        (wc.dispatched_at IS NOT NULL AND wc.resolution <> ALL(%(not_accepted)s)
            AND wc.state = %(closed)s AND wc.closed_at IS NOT NULL) AS is_closed
    FROM workflow_case wc
    WHERE wc.id > %(low)s AND wc.id <= %(high)s
) c
JOIN sup_policy p ON p.area_id = coalesce(c.area_id, 0)
JOIN sup_calendar kr ON kr.day = c.created_on
LEFT JOIN sup_calendar kc ON kc.day = c.closed_on
LEFT JOIN sup_calendar kd ON kd.day = c.dispatched_on
LEFT JOIN sup_calendar ki ON ki.day = c.investigation_from
LEFT JOIN sup_workday tw ON tw.ord = kr.ord + p.triage
LEFT JOIN sup_workday sw ON sw.ord = kd.ord + p.sign
LEFT JOIN sup_workday iw ON iw.ord = ki.ord + p.investigate
"""


def _calendar_tables(cursor, calendar: WorkCalendar) -> None:
    cursor.execute(
        "DROP TABLE IF EXISTS pg_temp.sup_calendar, pg_temp.sup_workday, pg_temp.sup_policy;"
        "CREATE TEMP TABLE sup_calendar (day date PRIMARY KEY, ord integer NOT NULL) ON COMMIT DROP;"
        "CREATE TEMP TABLE sup_workday (ord integer PRIMARY KEY, day date NOT NULL) ON COMMIT DROP;"
        "CREATE TEMP TABLE sup_policy (area_id bigint PRIMARY KEY, triage integer NOT NULL,"
        " sign integer NOT NULL, investigate integer NOT NULL) ON COMMIT DROP;"
    )
    days = list(calendar.days())
    cursor.executemany(
        "INSERT INTO sup_calendar (day, ord) VALUES (%s, %s)", [(day, ordinal) for day, ordinal, _w in days]
    )
    cursor.executemany(
        "INSERT INTO sup_workday (ord, day) VALUES (%s, %s)",
        [(ordinal, day) for day, ordinal, working in days if working],
    )
    area_ids = [None, *Area.objects.values_list("pk", flat=True)]
    cursor.executemany(
        "INSERT INTO sup_policy (area_id, triage, sign, investigate) VALUES (%s, %s, %s, %s)",
        [
            (
                area_id or 0,
                calendar.policy_days(Step.TRIAGE, area_id),
                calendar.policy_days(Step.SIGN, area_id),
                calendar.policy_days(Step.INVESTIGATE, area_id),
            )
            for area_id in area_ids
        ],
    )
    cursor.execute("ANALYZE sup_calendar; ANALYZE sup_workday; ANALYZE sup_policy;")


def case_facts_insert_all(*, progress=None, chunk: int = 100_000) -> None:
    """Insert the fact of every case (facts table empty; inside the caller's transaction)."""

    bounds = Case.objects.aggregate(
        low=Min("id"),
        high=Max("id"),
        first=Min("created_at"),
        last=Max("created_at"),
        last_closed=Max("closed_at"),
        last_signed=Max("signed_at"),
    )
    if bounds["low"] is None:
        return
    moments = [bounds[key] for key in ("first", "last", "last_closed", "last_signed") if bounds[key]]
    calendar = calendar_for(*(timezone.localtime(moment).date() for moment in moments))
    params = {
        "tz": settings.TIME_ZONE,
        "now": timezone.now(),
        "not_accepted": [str(value) for value in NOT_ACCEPTED],
        "closed": Case.State.CLOSED.value,
    }
    low, high = bounds["low"] - 1, bounds["high"]
    with connection.cursor() as cursor:
        _calendar_tables(cursor, calendar)
        start = low
        while start < high:
            cursor.execute(FACTS_INSERT, {**params, "low": start, "high": start + chunk})
            start += chunk
            if progress:
                progress("facts", min(start, high) - low, high - low)
        cursor.execute("ANALYZE supervision_casefact")
