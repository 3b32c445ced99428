"""Benchmark: the supervision dashboard at 10,000 and 1,000,000 cases on PostgreSQL.

Creates (and drops first) the database `integrity_bench` on 127.0.0.1:5432 (user postgres),
migrates it, fills it with demo cases set-based (`cases_generate`), and prints the median
response time of the dashboard and other supervision pages next to the plain SQL aggregate
behind the dashboard's main figure (closure rate per bureau over the period).

    .venv/bin/python bench/supervision.py                 # 10k and 1M
    .venv/bin/python bench/supervision.py --sizes 10000   # quicker
    BENCH_DATABASE_URL=postgres://... to use another server.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import database_fresh  # noqa: E402
from bench.figures import figure_record  # noqa: E402

DB_NAME = os.environ.get("BENCH_DATABASE_NAME", "integrity_bench")
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_create() -> str:
    base, _slash, _name = SERVER.rpartition("/")
    database_fresh(SERVER, DB_NAME)
    return f"{base}/{DB_NAME}"


def configure(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("FIELD_ENCRYPTION_KEY", "YmVuY2gtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OTA=")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("VAR_DIR", "/tmp/integrity-bench-var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "project.settings"
    import django

    django.setup()


def median_ms(action, runs: int) -> float:
    action()  # warm
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


MAIN_FIGURE_SQL = """
SELECT bureau_id,
       count(*) FILTER (WHERE state = 'closed' AND closed_at IS NOT NULL) AS closed,
       count(*) AS accepted
FROM workflow_case
WHERE created_at >= %s AND created_at < %s
  AND dispatched_at IS NOT NULL AND resolution NOT IN ('rejected', 'merged', 'emergency')
GROUP BY bureau_id
"""


def refresh_throughput(changes: int) -> tuple[int, float]:
    """Case changes per second that keeping the roll-ups current keeps up with: each change is
    a committed UPDATE of one case (a return) followed by the refresh task's work for it (its
    fact, the days it counts in, their roll-ups), one case per run, as events arrive."""
    from django.db.models import F

    from supervision.tasks import case_fact_refresh
    from workflow.models import Case

    ids = list(Case.objects.order_by("?").values_list("pk", flat=True)[:changes])
    started = time.perf_counter()
    for case_id in ids:
        Case.objects.filter(pk=case_id).update(returns=F("returns") + 1)
        case_fact_refresh.run(case_id)
    elapsed = time.perf_counter() - started
    return len(ids), len(ids) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000", help="case counts, ascending")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (median)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse the bench database of an earlier run (only adds missing cases)",
    )
    parser.add_argument("--changes", type=int, default=500, help="case changes for the refresh throughput")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    if args.keep:
        configure(SERVER.rpartition("/")[0] + "/" + DB_NAME)
    else:
        configure(database_create())
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from intake.models import Bureau
    from supervision.demo import cases_generate
    from supervision.management.commands._progress import ProgressBar
    from supervision.models import DailyRollup
    from tests.support.twofactor import second_factor_pass
    from workflow.models import Case, Officer
    from workflow.roles import role_grant

    call_command("migrate", verbosity=0)
    users = {}
    for name, bureau, role in (
        ("bench-supervisor", "civilisation_office", Officer.Role.SUPERVISOR),
        ("bench-head", "psb", Officer.Role.HEAD),
    ):
        user, created = get_user_model().objects.get_or_create(username=name)
        if created:
            Officer.objects.create(user=user, bureau=Bureau.objects.get(code=bureau), role=role)
        role_grant(user=user, role=role)
        users[name] = user

    today = timezone.localdate()
    start = today - datetime.timedelta(days=730)
    period = {"start": start.isoformat(), "end": today.isoformat()}
    zone = timezone.get_current_timezone()
    bounds = (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )
    supervisor, head = Client(), Client()
    supervisor.force_login(users["bench-supervisor"], backend="django.contrib.auth.backends.ModelBackend")
    head.force_login(users["bench-head"], backend="django.contrib.auth.backends.ModelBackend")
    second_factor_pass(supervisor, users["bench-supervisor"])
    second_factor_pass(head, users["bench-head"])

    def page(client, path, params):
        response = client.get(path, params)
        assert response.status_code == 200, (path, response.status_code)
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass

    def main_figure():
        with connection.cursor() as cursor:
            cursor.execute(MAIN_FIGURE_SQL, bounds)
            cursor.fetchall()

    results = []
    for size in sizes:
        missing = size - Case.objects.count()
        print(f"\n== {size:,} cases: generating {missing:,} more", file=sys.stderr)
        bar = ProgressBar()
        started = time.perf_counter()
        if missing > 0:
            cases_generate(missing, seed=size, progress=bar)
        bar.close()
        generated = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        rows = {
            "plain SQL: closure rate per bureau": median_ms(main_figure, args.runs),
            "dashboard /supervision/ (supervisor)": median_ms(
                lambda: page(supervisor, "/supervision/", period), args.runs
            ),
            "dashboard (bureau head)": median_ms(lambda: page(head, "/supervision/", period), args.runs),
            "counters fragment": median_ms(
                lambda: page(supervisor, "/supervision/counters/", period), args.runs
            ),
            "drill-down list, page 1": median_ms(
                lambda: page(supervisor, "/supervision/cases/", {**period, "figure": "closed"}), args.runs
            ),
        }
        changes, refresh_rate = refresh_throughput(args.changes)
        rows["roll-up refresh: case changes/s"] = refresh_rate
        results.append((size, generated, DailyRollup.objects.count(), rows))

    print(
        f"\nSupervision dashboard on PostgreSQL, period {start}..{today} (two years), "
        f"median of {args.runs} warm runs, ms"
    )
    names = list(results[0][3])
    header = f"{'':40}" + "".join(f"{size:>14,}" for size, *_rest in results)
    print(header)
    for name in names:
        print(f"{name:40}" + "".join(f"{rows[name]:>14.1f}" for *_rest, rows in results))
    dashboard = "dashboard /supervision/ (supervisor)"
    main = "plain SQL: closure rate per bureau"
    print(
        f"{'dashboard / plain SQL':40}"
        + "".join(f"{rows[dashboard] / rows[main]:>14.2f}" for *_r, rows in results)
    )
    print(f"{'daily roll-up rows':40}" + "".join(f"{count:>14,}" for _s, _g, count, _r in results))
    print(
        f"{'generation + figures rebuild, s':40}"
        + "".join(f"{generated:>14.1f}" for _s, generated, *_r in results)
    )
    print(
        f"roll-up refresh: {args.changes} case changes (returns + 1 on a case), each refreshed by the "
        "supervision.case_fact_refresh task body in its own transaction, as a worker does per event"
    )
    for size, _g, _c, rows in results:
        figure_record(
            f"supervision roll-up refresh at {size:,} cases",
            rows["roll-up refresh: case changes/s"],
            unit="changes/s",
        )
    if len(results) > 1:
        small_rows, large_rows = results[0][3], results[-1][3]
        figure_record(
            f"supervision dashboard ({results[-1][0]:,} ÷ {results[0][0]:,} cases)",
            large_rows[dashboard],
            unit="ms",
            ratio=large_rows[dashboard] / small_rows[dashboard],
            baseline=f"same page at {results[0][0]:,}",
            goal="<= 2",
        )
    if len(results) > 1:
        (small, *_), (large, *_) = results[0], results[-1]
        growth = results[-1][3][dashboard] / results[0][3][dashboard]
        print(
            f"cases x{large / small:,.0f}: dashboard x{growth:.1f}, "
            f"plain SQL x{results[-1][3][main] / results[0][3][main]:.1f}"
        )


if __name__ == "__main__":
    main()
