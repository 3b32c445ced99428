"""Demo cases generated in Python (any database; used for SQLite and small numbers)."""

import datetime
import hashlib
import random

from django.db import transaction

from intake.models import Report
from supervision.demo import plan
from supervision.demo.setup import DemoSetup
from workflow.models import Case

REPORT_STATUS = {
    Case.Stage.TRIAGE: Report.Status.TRIAGE,
    Case.Stage.DISPATCHED: Report.Status.HANDLING,
    Case.Stage.INVESTIGATING: Report.Status.HANDLING,
    Case.Stage.DECIDED: Report.Status.DECIDED,
    Case.Stage.REPLIED: Report.Status.DECIDED,
    Case.Stage.CLOSED: Report.Status.CLOSED,
}


def _pick(bands, r: float):
    for key, low, high in bands:
        if low <= r < high:
            return key
    return bands[-1][0]


def case_plan(number: int, rnd: random.Random, now: datetime.datetime, setup: DemoSetup) -> dict:
    """One case's columns from uniform random numbers (the same rules as demo/sql.py)."""
    r = {
        name: rnd.random()
        for name in (
            "created",
            "area",
            "source",
            "fate",
            "bureau",
            "triage",
            "sign",
            "inv",
            "close",
            "rate",
            "ext",
            "ret",
            "reopen",
            "desc",
            "dispute",
        )
    }
    created = now - datetime.timedelta(days=r["created"] * plan.SPAN_DAYS)
    area_code = _pick(setup.area_bands, r["area"])
    area = setup.areas[area_code]
    bureau_id = area.lead_id if (r["bureau"] < plan.LEAD_SHARE or area.other_id is None) else area.other_id
    descriptions = plan.DESCRIPTIONS[area_code]
    returns = 2 if r["ret"] < plan.RETURN_TWICE else 1 if r["ret"] < plan.RETURN_ONCE else 0
    fate = (
        "rejected"
        if r["fate"] < plan.REJECTED
        else "merged"
        if r["fate"] < plan.MERGED
        else "emergency"
        if r["fate"] < plan.EMERGENCY
        else "handled"
    )
    t_dispatch = created + datetime.timedelta(hours=plan.triage_hours(r["triage"]))
    t_sign = t_dispatch + datetime.timedelta(hours=plan.sign_hours(r["sign"]) + 24 * returns)
    t_decide = t_sign + datetime.timedelta(days=plan.investigation_days(r["inv"]))
    t_close = t_decide + datetime.timedelta(days=plan.close_days(r["close"]))
    extended = r["ext"] < plan.EXTENSION_SHARE
    inv_due = t_sign + datetime.timedelta(
        days=plan.INVESTIGATION_DAYS + (plan.EXTENSION_DAYS if extended else 0)
    )

    row = {
        "number": number,
        "created_at": created,
        "area_id": area.id,
        "bureau_id": None,
        "source": _pick(setup.source_bands, r["source"]),
        "description": descriptions[min(int(r["desc"] * len(descriptions)), len(descriptions) - 1)],
        "state": Case.State.OPEN,
        "stage": Case.Stage.TRIAGE,
        "resolution": "",
        "is_emergency": False,
        "due_at": created + datetime.timedelta(hours=36),
        "investigation_due_at": None,
        "returns": 0,
        "reopened": 0,
        "extensions": 0,
        "rating": None,
        "disputed": False,
        "dispatched_at": None,
        "signed_at": None,
        "decided_at": None,
        "closed_at": None,
    }
    if fate == "emergency":
        row.update(
            state=Case.State.CLOSED,
            stage=Case.Stage.CLOSED,
            resolution=Case.Resolution.EMERGENCY,
            is_emergency=True,
            closed_at=created + datetime.timedelta(minutes=10),
            due_at=None,
        )
    elif fate in ("rejected", "merged"):
        if t_dispatch <= now:
            row.update(
                state=Case.State.CLOSED,
                stage=Case.Stage.CLOSED,
                resolution=fate,
                closed_at=t_dispatch,
                due_at=None,
            )
    elif t_dispatch <= now:
        row.update(
            bureau_id=bureau_id,
            dispatched_at=t_dispatch,
            returns=returns,
            stage=Case.Stage.DISPATCHED,
            due_at=t_dispatch + datetime.timedelta(hours=36),
        )
        if t_sign <= now:
            row.update(
                signed_at=t_sign,
                stage=Case.Stage.INVESTIGATING,
                investigation_due_at=inv_due,
                due_at=inv_due,
                extensions=1 if extended else 0,
            )
        if t_decide <= now:
            row.update(
                decided_at=t_decide, stage=Case.Stage.DECIDED, due_at=t_decide + datetime.timedelta(days=3)
            )
            if t_decide + datetime.timedelta(days=1) <= now:
                row.update(stage=Case.Stage.REPLIED, due_at=t_decide + datetime.timedelta(days=8))
        if t_close <= now:
            rating = None
            if r["rate"] < plan.RATED_SHARE:
                share = r["rate"] / plan.RATED_SHARE
                rating = next(value for cut, value in plan.RATING_CUTS if share < cut)
            row.update(
                state=Case.State.CLOSED,
                stage=Case.Stage.CLOSED,
                resolution=Case.Resolution.HANDLED,
                closed_at=t_close,
                due_at=None,
                rating=rating,
                disputed=bool(rating and rating <= 2 and r["dispute"] < plan.DISPUTE_SHARE),
                reopened=1 if r["reopen"] < plan.REOPEN_SHARE else 0,
            )
    return row


def cases_insert(
    *,
    count: int,
    offset: int,
    now: datetime.datetime,
    setup: DemoSetup,
    seed: int | None,
    progress=None,
    batch: int = 1000,
) -> None:
    rnd = random.Random(seed)
    done = 0
    while done < count:
        rows = [case_plan(offset + done + i, rnd, now, setup) for i in range(min(batch, count - done))]
        with transaction.atomic():
            reports = Report.objects.bulk_create(
                [
                    Report(
                        reference=setup.reference(row["number"], row["created_at"]),
                        source=row["source"],
                        status=REPORT_STATUS[row["stage"]],
                        area_id=row["area_id"],
                        description=row["description"],
                        bureau_id=row["bureau_id"],
                        receipt_hash=hashlib.sha256(
                            f"demo-receipt:{setup.salt}:{row['number']}".encode()
                        ).hexdigest(),
                    )
                    for row in rows
                ]
            )
            Case.objects.bulk_create(
                [
                    Case(
                        reference=report.reference,
                        report_id=report.pk,
                        created_at=row["created_at"],
                        **{
                            key: value
                            for key, value in row.items()
                            if key not in ("number", "created_at", "description")
                        },
                    )
                    for report, row in zip(reports, rows, strict=False)
                ]
            )
            # auto_now_add stamped "now": receipt time is the case's.
            for report, row in zip(reports, rows, strict=False):
                report.created_at = row["created_at"]
            Report.objects.bulk_update(reports, ["created_at"])
        done += len(rows)
        if progress:
            progress(done, count)
