"""Run every bench and print one table of figures against their goals (see bench/README.md).

    bench/run                 # each bench 3 times at the default sizes (10k-100k)
    bench/run --smoke         # each bench once at a small size, in about two minutes (CI)
    bench/run --runs 5 --only intake,credit
    bench/run --full          # adds the 1M sizes (hours on a small machine)

Each bench runs as its own process with BENCH_FIGURES naming a file it appends its figures
to (bench/figures.py); every ratio's baseline is measured in that same process and run. The
table shows, per figure, the min / median / max of its value and of its ratio over the runs,
the goal and whether the median meets it. A bench that crashes or records no figure makes
the exit status 1 (so CI fails). PostgreSQL (127.0.0.1:5432, user postgres) and Redis are
used where the bench needs them: the databases are the bench's own (`--prefix`), dropped and
created again; Redis is REDIS_URL or redis://127.0.0.1:6379/<--redis-db>.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT))

from bench.databases import TEMPLATE_ENV, database_drop, database_fresh  # noqa: E402


@dataclass
class Bench:
    name: str
    command: list[str]
    env: dict = field(default_factory=dict)
    database: str = ""  # a PostgreSQL database to drop and create before each run


def benches(args) -> list[Bench]:
    pg = args.pg_url.rstrip("/")
    redis_url = args.redis_url
    db = f"{args.prefix}_intake"
    if args.smoke:
        reports, sizes, wf_sizes, sv_sizes, messages, events, clients, changes = (
            60,
            "1000,5000",
            "1000,5000",
            "1000,3000",
            200,
            20,
            20,
            20,
        )
    else:
        reports, sizes, wf_sizes, sv_sizes, messages, events, clients, changes = (
            200,
            "10000,100000",
            "10000,100000",
            "10000,20000",  # demo cases are generated row by row: 100k takes minutes per run
            1000,
            100,
            100,
            100,
        )
    if args.full:
        sizes = wf_sizes = sv_sizes = "10000,1000000"
    runs_inner = "3"
    return [
        Bench("intake-sqlite", [PY, "bench/intake.py", "--reports", str(reports), "--concurrency", "8"]),
        Bench(
            "intake-postgres",
            [PY, "bench/intake.py", "--reports", str(reports), "--concurrency", "8", "--server", "daphne"],
            env={"DATABASE_URL": f"{pg}/{db}", "REDIS_URL": redis_url},
            database=db,
        ),
        Bench(
            "notifications",
            [
                PY,
                "bench/notifications.py",
                "--messages",
                str(messages),
                "--events",
                str(events),
                "--clients",
                str(clients),
            ],
            env={"DATABASE_URL": f"{pg}/{args.prefix}_notify", "REDIS_URL": redis_url},
            database=f"{args.prefix}_notify",
        ),
        Bench(
            "credit",
            [
                PY,
                "bench/credit.py",
                "--sizes",
                sizes,
                "--runs",
                runs_inner,
                "--admin-url",
                f"{pg}/postgres",
                "--database",
                f"{args.prefix}_credit",
            ],
        ),
        Bench(
            "workflow",
            [
                PY,
                "bench/workflow.py",
                "--sizes",
                wf_sizes,
                "--runs",
                runs_inner,
                "--admin-url",
                f"{pg}/postgres",
                "--database",
                f"{args.prefix}_workflow",
            ],
        ),
        Bench(
            "supervision",
            [
                PY,
                "bench/supervision.py",
                "--sizes",
                sv_sizes,
                "--runs",
                runs_inner,
                "--changes",
                str(changes),
            ],
            env={"BENCH_DATABASE_URL": f"{pg}/postgres", "BENCH_DATABASE_NAME": f"{args.prefix}_supervision"},
        ),
    ]


def template_migrate(args, env: dict) -> str:
    """Migrate the one database every bench's database is copied from (bench/databases.py)."""
    name = f"{args.prefix}_template"
    database_fresh(f"{args.pg_url}/postgres", name)
    subprocess.run(
        [PY, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"{args.pg_url}/{name}", "REDIS_URL": args.redis_url},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return name


def commit() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    )
    name = head.stdout.strip() or "unknown"
    return name + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def goal_met(goal: str, value: float | None) -> str:
    if not goal or value is None:
        return "-"
    op, _space, number = goal.partition(" ")
    target = float(number)
    met = {">=": value >= target, ">": value > target, "<=": value <= target, "<": value < target}[op]
    return "yes" if met else "NO"


def spread(values: list[float], digits: int) -> str:
    if not values:
        return "-"
    form = f"{{:,.{digits}f}}"
    return " / ".join(form.format(v) for v in (min(values), statistics.median(values), max(values)))


def table(rows: dict[str, list[dict]], order: list[str]) -> list[str]:
    head = ("figure", "value min / median / max", "ratio min / median / max", "goal", "met")
    lines = []
    body = []
    for name in order:
        runs = rows[name]
        unit = runs[0]["unit"]
        values = [r["value"] for r in runs]
        ratios = [r["ratio"] for r in runs if r["ratio"] is not None]
        goal = runs[0]["goal"]
        digits = 3 if unit == "ratio" else (1 if max(values) < 1000 else 0)
        judged = statistics.median(ratios) if ratios else (statistics.median(values) if goal else None)
        body.append(
            (
                f"{name} [n={len(runs)}]",
                f"{spread(values, digits)} {unit}",
                spread(ratios, 2) if ratios else "-",
                (goal + (" (ratio)" if ratios else f" {unit}")) if goal else "(measured)",
                goal_met(goal, judged),
            )
        )
    widths = [max(len(str(row[i])) for row in [head, *body]) for i in range(len(head))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"
    lines.append(line)
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in body:
        lines.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return lines


def figures_read(path: Path) -> tuple[dict[str, list[dict]], list[str]]:
    rows: dict[str, list[dict]] = {}
    order: list[str] = []
    for line in path.read_text().splitlines() if path.exists() else []:
        row = json.loads(line)
        if row["figure"] not in rows:
            order.append(row["figure"])
        rows.setdefault(row["figure"], []).append(row)
    return rows, order


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="each bench once at a small size (CI)")
    parser.add_argument("--full", action="store_true", help="the 1M sizes (hours)")
    parser.add_argument("--runs", type=int, default=0, help="runs of each bench (default 3; 1 with --smoke)")
    parser.add_argument("--only", default="", help="comma-separated bench names")
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--prefix", default=os.environ.get("BENCH_DB_PREFIX", "integrity_bench"))
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("BENCH_REDIS_DB", "14")))
    parser.add_argument("--log", default="", help="a folder for each run's output (default: a temporary one)")
    parser.add_argument(
        "--table", default="", help="only print the table of a figures.jsonl of an earlier run"
    )
    args = parser.parse_args()
    if args.table:
        rows, order = figures_read(Path(args.table))
        print(f"bench/run figures from {args.table} (commit as printed by that run)")
        print("\n".join(table(rows, order)))
        return 0
    args.redis_url = os.environ.get("REDIS_URL") or f"redis://127.0.0.1:6379/{args.redis_db}"
    runs = args.runs or (1 if args.smoke else 3)
    chosen = [b for b in benches(args) if not args.only or b.name in args.only.split(",")]
    logs = Path(args.log or tempfile.mkdtemp(prefix="bench-run-"))
    logs.mkdir(parents=True, exist_ok=True)
    figures = logs / "figures.jsonl"
    figures.unlink(missing_ok=True)
    base_env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "BENCH_FIGURES")
    }
    # The benches speak plain HTTP to servers on 127.0.0.1: in a deployment TLS ends at the
    # proxy, so the HTTPS redirect a PostgreSQL deployment turns on by default stays off here.
    base_env.update(
        {"BENCH_FIGURES": str(figures), "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING", "HTTPS": "0"}
    )
    if not base_env.get("SECRET_KEY") or not base_env.get("FIELD_ENCRYPTION_KEY"):
        from cryptography.fernet import Fernet

        base_env["SECRET_KEY"] = "bench-" + os.urandom(16).hex()
        base_env["FIELD_ENCRYPTION_KEY"] = Fernet.generate_key().decode()
    revision = commit()
    failed: list[str] = []
    started = time.monotonic()
    os.environ.pop(TEMPLATE_ENV, None)
    if any(b.name != "intake-sqlite" for b in chosen):
        template = template_migrate(args, base_env)
        os.environ[TEMPLATE_ENV] = base_env[TEMPLATE_ENV] = template
        print(f"template database {template} migrated in {time.monotonic() - started:.0f} s", file=sys.stderr)
    for run in range(1, runs + 1):
        for bench in chosen:
            if bench.database:
                database_fresh(f"{args.pg_url}/postgres", bench.database)
            before = len(figures.read_text().splitlines()) if figures.exists() else 0
            log = logs / f"{bench.name}-{run}.log"
            t0 = time.monotonic()
            with open(log, "wb") as out:
                done = subprocess.run(
                    bench.command,
                    cwd=ROOT,
                    env={**base_env, **bench.env},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            after = len(figures.read_text().splitlines()) if figures.exists() else 0
            status = "ok" if done.returncode == 0 and after > before else "FAILED"
            print(
                f"run {run}/{runs} {bench.name}: {status} in {time.monotonic() - t0:.0f} s ({log})",
                file=sys.stderr,
            )
            if status != "ok":
                failed.append(f"{bench.name} (run {run})")
                print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
            if bench.database:
                database_drop(f"{args.pg_url}/postgres", bench.database)
    if os.environ.get(TEMPLATE_ENV):
        database_drop(f"{args.pg_url}/postgres", os.environ.pop(TEMPLATE_ENV))
    rows, order = figures_read(figures)
    mode = "smoke (small sizes)" if args.smoke else ("full (1M)" if args.full else "default sizes")
    print(
        f"bench/run at commit {revision}: {runs} run(s) of each bench, {mode}, {time.monotonic() - started:.0f} s"
    )
    print("\n".join(table(rows, order)))
    if failed:
        print("failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
