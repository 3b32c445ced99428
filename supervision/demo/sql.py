"""Demo cases inserted set-based on PostgreSQL: INSERT ... SELECT over generate_series.

The same spread as demo/python.py (thresholds from demo/plan.py). Columns this module does
not know (added later to Report or Case) get their model default, so the generator keeps
working as the models grow.
"""

import datetime

from django.db import connection, transaction

from intake.models import Report
from supervision.demo import plan
from supervision.demo.setup import DemoSetup
from workflow.models import Case

CHUNK = 50_000

PLAN = """
CREATE TEMP TABLE demo_plan ON COMMIT DROP AS
WITH base AS (
    SELECT g AS number,
        %(now)s::timestamptz - (random() * %(span)s) * interval '1 day' AS created_at,
        random() AS r_area, random() AS r_source, random() AS r_fate, random() AS r_bureau,
        random() AS r_triage, random() AS r_sign, random() AS r_inv, random() AS r_close,
        random() AS r_rate, random() AS r_ext, random() AS r_ret, random() AS r_reopen,
        random() AS r_desc, random() AS r_dispute
    FROM generate_series(%(low)s, %(high)s) AS g
), picked AS (
    SELECT b.*, a.area_id,
        CASE WHEN b.r_bureau < %(lead_share)s OR a.other_id IS NULL THEN a.lead_id ELSE a.other_id END
            AS handling_bureau,
        s.source,
        a.descriptions[1 + least(floor(b.r_desc * cardinality(a.descriptions))::int,
                                 cardinality(a.descriptions) - 1)] AS description,
        CASE WHEN b.r_fate < %(rejected)s THEN 'rejected' WHEN b.r_fate < %(merged)s THEN 'merged'
             WHEN b.r_fate < %(emergency)s THEN 'emergency' ELSE 'handled' END AS fate,
        CASE WHEN b.r_ret < %(return_twice)s THEN 2 WHEN b.r_ret < %(return_once)s THEN 1 ELSE 0 END
            AS n_returns,
        b.r_ext < %(extension_share)s AS extended
    FROM base b
    JOIN demo_area a ON b.r_area >= a.low AND b.r_area < a.high
    JOIN demo_source s ON b.r_source >= s.low AND b.r_source < s.high
), t1 AS (
    SELECT p.*, p.created_at + (
        CASE WHEN r_triage < 0.8 THEN 1 + r_triage / 0.8 * 19
             WHEN r_triage < 0.95 THEN 20 + (r_triage - 0.8) / 0.15 * 40
             ELSE 60 + (r_triage - 0.95) / 0.05 * 60 END) * interval '1 hour' AS t_dispatch
    FROM picked p
), t2 AS (
    SELECT t.*, t.t_dispatch + ((
        CASE WHEN r_sign < 0.85 THEN 0.5 + r_sign / 0.85 * 19.5
             ELSE 20 + (r_sign - 0.85) / 0.15 * 52 END) + 24 * n_returns) * interval '1 hour' AS t_sign
    FROM t1 t
), t3 AS (
    SELECT t.*, t.t_sign + (2 + r_inv * 26) * interval '1 day' AS t_decide,
        t.t_sign + (%(inv_days)s + CASE WHEN extended THEN %(ext_days)s ELSE 0 END) * interval '1 day' AS inv_due
    FROM t2 t
), t4 AS (
    SELECT t.*, t.t_decide + (1 + r_close * 8) * interval '1 day' AS t_close,
        CASE WHEN r_rate < %(rated_share)s THEN
            CASE WHEN r_rate / %(rated_share)s < 0.50 THEN 5 WHEN r_rate / %(rated_share)s < 0.75 THEN 4
                 WHEN r_rate / %(rated_share)s < 0.87 THEN 3 WHEN r_rate / %(rated_share)s < 0.94 THEN 2
                 ELSE 1 END END AS given_rating
    FROM t3 t
), t5 AS (
    SELECT t.*,
        fate = 'handled' AND t_dispatch <= %(now)s AS is_dispatched,
        fate = 'handled' AND t_sign <= %(now)s AS is_signed,
        fate = 'handled' AND t_decide <= %(now)s AS is_decided,
        fate = 'handled' AND t_close <= %(now)s AS is_closed,
        fate IN ('rejected', 'merged') AND t_dispatch <= %(now)s AS is_turned_away
    FROM t4 t
)
SELECT number, created_at, area_id, source, description,
    'DM-' || extract(year FROM created_at AT TIME ZONE 'UTC')::int || '-' || lpad(number::text, 8, '0')
        AS reference,
    encode(sha256(convert_to('demo-receipt:' || %(salt)s || ':' || number, 'UTF8')), 'hex') AS receipt_hash,
    CASE WHEN fate = 'emergency' OR is_turned_away OR is_closed THEN 'closed' ELSE 'open' END AS state,
    CASE WHEN fate = 'emergency' OR is_turned_away OR is_closed THEN 'closed'
         WHEN is_decided AND t_decide + interval '1 day' <= %(now)s THEN 'replied'
         WHEN is_decided THEN 'decided' WHEN is_signed THEN 'investigating'
         WHEN is_dispatched THEN 'dispatched' ELSE 'triage' END AS stage,
    CASE WHEN fate = 'emergency' THEN 'emergency' WHEN is_turned_away THEN fate
         WHEN is_closed THEN 'handled' ELSE '' END AS resolution,
    fate = 'emergency' AS is_emergency,
    CASE WHEN is_dispatched THEN handling_bureau END AS bureau_id,
    CASE WHEN is_dispatched THEN t_dispatch END AS dispatched_at,
    CASE WHEN is_signed THEN t_sign END AS signed_at,
    CASE WHEN is_decided THEN t_decide END AS decided_at,
    CASE WHEN fate = 'emergency' THEN created_at + interval '10 minutes'
         WHEN is_turned_away THEN t_dispatch WHEN is_closed THEN t_close END AS closed_at,
    CASE WHEN is_signed THEN inv_due END AS investigation_due_at,
    CASE WHEN is_signed AND extended THEN 1 ELSE 0 END AS extensions,
    CASE WHEN is_dispatched THEN n_returns ELSE 0 END AS returns,
    CASE WHEN fate = 'emergency' OR is_turned_away OR is_closed THEN NULL
         WHEN is_decided AND t_decide + interval '1 day' <= %(now)s THEN t_decide + interval '8 days'
         WHEN is_decided THEN t_decide + interval '3 days'
         WHEN is_signed THEN inv_due
         WHEN is_dispatched THEN t_dispatch + interval '36 hours'
         ELSE created_at + interval '36 hours' END AS due_at,
    CASE WHEN is_closed THEN given_rating END AS rating,
    coalesce(is_closed AND given_rating <= 2 AND r_dispute < %(dispute_share)s, false) AS disputed,
    CASE WHEN is_closed AND r_reopen < %(reopen_share)s THEN 1 ELSE 0 END AS reopened
FROM t5
"""

REPORT_STATUS_SQL = (
    "CASE d.stage WHEN 'triage' THEN 'triage' WHEN 'dispatched' THEN 'handling' "
    "WHEN 'investigating' THEN 'handling' WHEN 'decided' THEN 'decided' WHEN 'replied' THEN 'decided' "
    "ELSE 'closed' END"
)

REPORT_VALUES = {
    "reference": "d.reference",
    "source": "d.source",
    "status": REPORT_STATUS_SQL,
    "area_id": "d.area_id",
    "bureau_id": "d.bureau_id",
    "description": "d.description",
    "receipt_hash": "d.receipt_hash",
    "created_at": "d.created_at",
    "updated_at": "%(now)s",
}
CASE_VALUES = {
    "reference": "d.reference",
    "report_id": "r.id",
    "area_id": "d.area_id",
    "bureau_id": "d.bureau_id",
    "source": "d.source",
    "state": "d.state",
    "stage": "d.stage",
    "resolution": "d.resolution",
    "is_emergency": "d.is_emergency",
    "due_at": "d.due_at",
    "investigation_due_at": "d.investigation_due_at",
    "returns": "d.returns",
    "reopened": "d.reopened",
    "extensions": "d.extensions",
    "rating": "d.rating",
    "disputed": "d.disputed",
    "created_at": "d.created_at",
    "dispatched_at": "d.dispatched_at",
    "signed_at": "d.signed_at",
    "decided_at": "d.decided_at",
    "closed_at": "d.closed_at",
    "updated_at": "%(now)s",
}


def _columns(model, values: dict[str, str]) -> tuple[str, str, dict]:
    """Column list, value expressions and parameters; unknown columns get their default."""
    columns, expressions, params = [], [], {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(f'"{field.column}"')
        if field.column in values:
            expressions.append(values[field.column])
        elif field.null:
            expressions.append("NULL")
        else:
            name = f"default_{model._meta.model_name}_{field.column}"
            params[name] = field.get_db_prep_save(field.get_default(), connection)
            expressions.append(f"%({name})s")
    return ", ".join(columns), ", ".join(expressions), params


def cases_insert_sql(
    *, count: int, offset: int, now: datetime.datetime, setup: DemoSetup, seed: int | None, progress=None
) -> None:
    report_columns, report_values, report_params = _columns(Report, REPORT_VALUES)
    case_columns, case_values, case_params = _columns(Case, CASE_VALUES)
    insert_reports = (
        f"INSERT INTO {Report._meta.db_table} ({report_columns}) SELECT {report_values} FROM demo_plan d"
    )
    insert_cases = (
        f"INSERT INTO {Case._meta.db_table} ({case_columns}) SELECT {case_values} FROM demo_plan d "
        f"JOIN {Report._meta.db_table} r ON r.reference = d.reference"
    )
    params = {
        "now": now,
        "span": plan.SPAN_DAYS,
        "lead_share": plan.LEAD_SHARE,
        "rejected": plan.REJECTED,
        "merged": plan.MERGED,
        "emergency": plan.EMERGENCY,
        "return_twice": plan.RETURN_TWICE,
        "return_once": plan.RETURN_ONCE,
        "extension_share": plan.EXTENSION_SHARE,
        "inv_days": plan.INVESTIGATION_DAYS,
        "ext_days": plan.EXTENSION_DAYS,
        "rated_share": plan.RATED_SHARE,
        "dispute_share": plan.DISPUTE_SHARE,
        "reopen_share": plan.REOPEN_SHARE,
        "salt": setup.salt,
        **report_params,
        **case_params,
    }
    areas = [
        (area.id, area.lead_id, area.other_id, low, high, plan.DESCRIPTIONS[code])
        for code, low, high in setup.area_bands
        for area in [setup.areas[code]]
    ]
    done = 0
    if seed is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [(seed % 2000) / 1000 - 1])
    while done < count:
        size = min(CHUNK, count - done)
        low = offset + done
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "DROP TABLE IF EXISTS pg_temp.demo_area, pg_temp.demo_source, pg_temp.demo_plan;"
                "CREATE TEMP TABLE demo_area (area_id bigint, lead_id bigint, other_id bigint, low float8,"
                " high float8, descriptions text[]) ON COMMIT DROP;"
                "CREATE TEMP TABLE demo_source (source text, low float8, high float8) ON COMMIT DROP;"
            )
            cursor.executemany("INSERT INTO demo_area VALUES (%s, %s, %s, %s, %s, %s)", areas)
            cursor.executemany("INSERT INTO demo_source VALUES (%s, %s, %s)", setup.source_bands)
            cursor.execute(PLAN, {**params, "low": low, "high": low + size - 1})
            cursor.execute(insert_reports, params)
            cursor.execute(insert_cases, params)
        done += size
        if progress:
            progress(done, count)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Report._meta.db_table}; ANALYZE {Case._meta.db_table};")
