"""Keep `CaseFact` and `DailyRollup` in step with the cases.

A `case_changed` event refreshes that case's fact and recomputes the roll-up of every
day the old or new fact touches (its day of receipt and its day of closing), in one
transaction with those days locked, so concurrent workers never double count. A periodic
reconciliation catches cases whose event was lost, and `rollup_rebuild` recomputes
everything (set-based on PostgreSQL).
"""

import datetime
import logging
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from supervision.calendar import calendar_for
from supervision.facts import (
    CASE_COLUMNS,
    FACT_FIELDS,
    fact_compute,
    fact_days,
    row_dates,
)
from supervision.models import (
    CLOSE_DAYS_MAX,
    ROLLUP_COUNTS,
    CaseFact,
    DailyRollup,
    MonthlyRollup,
    RollupDay,
    RollupWatermark,
)
from supervision.services.facts_sql import case_facts_insert_all
from supervision.signals import figures_changed
from workflow.models import Case

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None] | None  # (stage, done, total)
KEY = ("area_id", "bureau_id", "source")
RECONCILE_OVERLAP = datetime.timedelta(minutes=10)
LATE = Q(triage_on_time=False) | Q(sign_on_time=False) | Q(investigate_on_time=False)


def _cohort_sums() -> dict:
    """Aggregates over facts, named "n_<roll-up column>": annotations named like fact fields
    would shadow those fields in the filters of the annotations after them."""
    sums = {
        "received": Count("pk"),
        "accepted": Count("pk", filter=Q(accepted=True)),
        "closed": Count("pk", filter=Q(closed=True)),
        "triage_measured": Count("pk", filter=Q(triage_on_time__isnull=False)),
        "triage_on_time": Count("pk", filter=Q(triage_on_time=True)),
        "sign_measured": Count("pk", filter=Q(sign_on_time__isnull=False)),
        "sign_on_time": Count("pk", filter=Q(sign_on_time=True)),
        "investigate_measured": Count("pk", filter=Q(investigate_on_time__isnull=False)),
        "investigate_on_time": Count("pk", filter=Q(investigate_on_time=True)),
        "late": Count("pk", filter=LATE),
        "returned": Count("pk", filter=Q(returned=True)),
        "reopened": Count("pk", filter=Q(reopened=True)),
        "rated": Count("pk", filter=Q(rating__isnull=False)),
        "rating_sum": Coalesce(Sum("rating"), 0),
        "satisfied": Count("pk", filter=Q(rating__gte=4)),
        "disputed": Count("pk", filter=Q(disputed=True)),
        "wd_over": Count("pk", filter=Q(close_working_days__gt=CLOSE_DAYS_MAX)),
    }
    for days in range(CLOSE_DAYS_MAX + 1):
        sums[f"wd_{days}"] = Count("pk", filter=Q(close_working_days=days))
    return {f"n_{name}": aggregate for name, aggregate in sums.items()}


def _rollup_rows(cohort: Q, closures: Q) -> list[DailyRollup]:
    rows: dict[tuple, DailyRollup] = {}
    for values in (
        CaseFact.objects.filter(cohort).values("created_on", *KEY).annotate(**_cohort_sums()).order_by()
    ):
        day = values.pop("created_on")
        counts = {name.removeprefix("n_"): value for name, value in values.items()}
        rows[(day, values["area_id"], values["bureau_id"], values["source"])] = DailyRollup(day=day, **counts)
    for values in (
        CaseFact.objects.filter(closures, closed=True)
        .values("closed_on", *KEY)
        .annotate(closures=Count("pk"))
        .order_by()
    ):
        key = (values["closed_on"], values["area_id"], values["bureau_id"], values["source"])
        if key not in rows:
            rows[key] = DailyRollup(day=key[0], area_id=key[1], bureau_id=key[2], source=key[3])
        rows[key].closures = values["closures"]
    return list(rows.values())


def _month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _months_insert(months: Iterable[datetime.date]) -> None:
    """Sum the daily roll-ups of `months` into monthly rows (the months' rows are gone)."""
    spans = Q()
    for month in months:
        spans |= Q(day__range=(month, _month_end(month)))
    rows = (
        DailyRollup.objects.filter(spans)
        .annotate(month=TruncMonth("day"))
        .values("month", *KEY)
        .annotate(**{name: Sum(name) for name in ROLLUP_COUNTS})
        .order_by()
    )
    MonthlyRollup.objects.bulk_create([MonthlyRollup(**values) for values in rows], batch_size=1000)


def rollup_days_refresh(*, days: Iterable[datetime.date]) -> None:
    """Recompute the roll-ups of `days` and of their months, with those days and months locked."""
    days = sorted(set(days))
    if not days:
        return
    months = sorted({_month_of(day) for day in days})
    locks = sorted(set(days) | set(months))  # a month is locked through the row of its first day
    with transaction.atomic():
        RollupDay.objects.bulk_create([RollupDay(day=day) for day in locks], ignore_conflicts=True)
        list(RollupDay.objects.select_for_update().filter(day__in=locks).order_by("day"))
        rows = _rollup_rows(Q(created_on__in=days), Q(closed_on__in=days))
        DailyRollup.objects.filter(day__in=days).delete()
        DailyRollup.objects.bulk_create(rows, batch_size=500)
        MonthlyRollup.objects.filter(month__in=months).delete()
        _months_insert(months)
        RollupDay.objects.filter(day__in=days).update(refreshed_at=timezone.now())


def case_facts_refresh(*, case_ids: Iterable[int]) -> set[datetime.date]:
    """Recompute the facts of these cases and the roll-ups they touch; the days changed.

    Idempotent: a second run with nothing changed writes nothing. Sends `figures_changed`
    after commit when some day changed.
    """
    ids = sorted(set(case_ids))
    if not ids:
        return set()
    with transaction.atomic():
        old = {
            fact.pop("case_id"): fact
            for fact in CaseFact.objects.select_for_update()
            .filter(case_id__in=ids)
            .order_by("case_id")
            .values("case_id", *FACT_FIELDS)
        }
        rows = list(Case.objects.filter(pk__in=ids).values(*CASE_COLUMNS))
        calendar = calendar_for(*(day for row in rows for day in row_dates(row)))
        now = timezone.now()
        touched: set[datetime.date] = set()
        bureau_ids: set[int | None] = set()  # the bureaus whose figures change, before and after
        changed: list[CaseFact] = []
        for row in rows:
            fact = fact_compute(row, calendar)
            previous = old.pop(row["id"], None)
            if fact == previous:
                continue
            touched |= fact_days(previous) | fact_days(fact)
            bureau_ids |= {fact["bureau_id"], previous["bureau_id"] if previous else None}
            changed.append(
                CaseFact(case_id=row["id"], case_updated_at=row["updated_at"], refreshed_at=now, **fact)
            )
        for previous in old.values():  # cases that no longer exist
            touched |= fact_days(previous)
            bureau_ids.add(previous["bureau_id"])
        if old:
            CaseFact.objects.filter(case_id__in=list(old)).delete()
        CaseFact.objects.bulk_create(
            changed,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["case"],
            update_fields=[*FACT_FIELDS, "case_updated_at", "refreshed_at"],
        )
        rollup_days_refresh(days=touched)
        if touched:
            names = sorted(day.isoformat() for day in touched)
            bureaus = sorted(bureau_ids - {None})
            transaction.on_commit(
                lambda: figures_changed.send(sender=CaseFact, days=names, bureau_ids=bureaus)
            )
    return touched


def rollup_reconcile(*, batch: int = 2000) -> int:
    """Refresh the facts of cases updated since the last run (events can be lost); how many read."""
    watermark, _created = RollupWatermark.objects.get_or_create(pk=1)
    if watermark.case_updated_at is None:
        rollup_rebuild()
        return Case.objects.count()
    since = watermark.case_updated_at - RECONCILE_OVERLAP
    seen = 0
    latest = watermark.case_updated_at
    last_id = 0
    while True:
        chunk = list(
            Case.objects.filter(updated_at__gte=since, pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", "updated_at")[:batch]
        )
        if not chunk:
            break
        case_facts_refresh(case_ids=[pk for pk, _updated in chunk])
        seen += len(chunk)
        last_id = chunk[-1][0]
        latest = max(latest, *(updated for _pk, updated in chunk))
    RollupWatermark.objects.filter(pk=1).update(case_updated_at=latest)
    return seen


def rollup_rebuild(*, progress: Progress = None) -> None:
    """Recompute every fact and roll-up from the cases (set-based SQL on PostgreSQL)."""
    with transaction.atomic():
        CaseFact.objects.all().delete()
        DailyRollup.objects.all().delete()
        MonthlyRollup.objects.all().delete()
        RollupDay.objects.all().delete()
        if connection.vendor == "postgresql":
            case_facts_insert_all(progress=progress)
        else:
            _case_facts_insert_all(progress=progress)
        _rollups_insert_all(progress=progress)
        latest = Case.objects.aggregate(latest=Max("updated_at"))["latest"]
        RollupWatermark.objects.update_or_create(pk=1, defaults={"case_updated_at": latest})
    transaction.on_commit(lambda: figures_changed.send(sender=CaseFact, days=[], bureau_ids=[]))


def _case_facts_insert_all(*, progress: Progress, batch: int = 5000) -> None:
    total = Case.objects.count()
    bounds = Case.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    dates = [timezone.localtime(moment).date() for moment in bounds.values() if moment]
    calendar = calendar_for(*dates)
    now = timezone.now()
    last_id, done = 0, 0
    while True:
        rows = list(Case.objects.filter(pk__gt=last_id).order_by("pk").values(*CASE_COLUMNS)[:batch])
        if not rows:
            break
        calendar = calendar_for(*dates, *(day for row in rows for day in row_dates(row)))
        CaseFact.objects.bulk_create(
            [
                CaseFact(
                    case_id=row["id"],
                    case_updated_at=row["updated_at"],
                    refreshed_at=now,
                    **fact_compute(row, calendar),
                )
                for row in rows
            ],
            batch_size=1000,
        )
        last_id = rows[-1]["id"]
        done += len(rows)
        if progress:
            progress("facts", done, total)


def _rollups_insert_all(*, progress: Progress, span: int = 31) -> None:
    """Daily rows from the facts, then monthly rows from the daily ones."""
    bounds = CaseFact.objects.aggregate(
        first=Min("created_on"), last=Max("created_on"), last_closed=Max("closed_on")
    )
    if bounds["first"] is None:
        return
    first = bounds["first"]
    last = max(day for day in (bounds["last"], bounds["last_closed"]) if day)
    start = first
    total = (last - first).days + 1
    while start <= last:
        end = min(start + datetime.timedelta(days=span - 1), last)
        rows = _rollup_rows(Q(created_on__range=(start, end)), Q(closed_on__range=(start, end)))
        DailyRollup.objects.bulk_create(rows, batch_size=1000)
        RollupDay.objects.bulk_create(
            [
                RollupDay(day=start + datetime.timedelta(days=offset), refreshed_at=timezone.now())
                for offset in range((end - start).days + 1)
            ],
            ignore_conflicts=True,
        )
        start = end + datetime.timedelta(days=1)
        if progress:
            progress("roll-ups", (start - first).days, total)
    month = _month_of(first)
    while month <= last:
        _months_insert([month])
        month = _month_end(month) + datetime.timedelta(days=1)
