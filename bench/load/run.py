"""The mixed load test: the Procfile's processes (daphne x2, worker, beat) on PostgreSQL and
Redis, driven by locust headless for a few minutes, loopback only.

    .venv/bin/python bench/load/run.py                       # 200 residents, 50 officers, 5 supervisors, 3 min
    .venv/bin/python bench/load/run.py --minutes 1 --residents 40 --officers 10

It (re)creates its own database (--database) and uses its own Redis database (--redis-db),
migrates, creates the staff and a backlog of reports (bench/load/setup_data.py), starts the
processes on --ports, runs locust (installing the `load` extra when missing), and prints
p50/p95/p99 and errors per endpoint, with the worker's and servers' error lines. The rate
limits of the public API are raised: every resident comes from 127.0.0.1.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
sys.path.insert(0, str(ROOT))

from bench.databases import database_fresh  # noqa: E402


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--supervisors", type=int, default=5)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--ports", default="8161,8162", help="one daphne per port")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="integrity_load")
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--backlog", type=int, default=300, help="reports filed before the run")
    args = parser.parse_args()

    try:
        import locust  # noqa: F401
    except ImportError:
        subprocess.run([PY, "-m", "pip", "install", "-q", "-e", f"{ROOT}[load]"], check=True)

    from cryptography.fernet import Fernet

    work = Path(tempfile.mkdtemp(prefix="load-"))
    database_fresh(f"{args.pg_url}/postgres", args.database)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DATABASE_URL": f"{args.pg_url}/{args.database}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
        "SECRET_KEY": "load-" + os.urandom(16).hex(),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "DEBUG": "0",
        "HTTPS": "0",  # plain HTTP on loopback: in a deployment TLS ends at the proxy
        "ALLOWED_HOSTS": "127.0.0.1",
        "INTAKE_SUBMIT_RATE": "100000000/h",
        "INTAKE_TRACK_RATE": "100000000/h",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": str(work / "var"),
        "CELERY_BEAT_SCHEDULE_FILE": str(work / "beat-schedule"),
        "PYTHONUNBUFFERED": "1",
        "LOAD_OFFICERS": str(args.officers),
        "LOAD_SUPERVISORS": str(args.supervisors),
        "LOAD_BACKLOG": str(args.backlog),
    }
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    setup = subprocess.run(
        [PY, "manage.py", "shell", "-c", (ROOT / "bench/load/setup_data.py").read_text()],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    setup_file = work / "setup.json"
    setup_file.write_text([line for line in setup.stdout.splitlines() if line.startswith("{")][-1])

    ports = args.ports.split(",")
    procfile = [
        (
            f"web-{port}",
            [
                PY,
                "-m",
                "daphne",
                "--bind",
                "127.0.0.1",
                "--port",
                port,
                "--proxy-headers",
                "project.asgi:application",
            ],
        )
        for port in ports
    ] + [
        (
            "worker",
            [
                PY,
                "-m",
                "celery",
                "--app",
                "project",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                "4",
                "--without-gossip",
                "--without-mingle",
            ],
        ),
        (
            "beat",
            [
                PY,
                "-m",
                "celery",
                "--app",
                "project",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(work / "beat-schedule"),
            ],
        ),
    ]
    processes = []
    try:
        for name, command in procfile:
            log = open(work / f"{name}.log", "wb")  # noqa: SIM115 - open for the process's life
            processes.append(
                (name, subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
            )
        hosts = [f"http://127.0.0.1:{port}" for port in ports]
        for host in hosts:
            wait_http(host + "/api/v1/areas/")
        triage = args.officers // 5
        load_env = {
            **env,
            "LOAD_SETUP": str(setup_file),
            "LOAD_HOSTS": ",".join(hosts),
            "LOAD_RESIDENTS": str(args.residents),
            "LOAD_TRIAGE": str(triage),
            "LOAD_OFFICERS": str(args.officers - triage),
            "LOAD_SUPERVISORS": str(args.supervisors),
        }
        users = args.residents + args.officers + args.supervisors
        started = time.monotonic()
        subprocess.run(
            [
                PY,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench/load/locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                "20",
                "--run-time",
                f"{int(args.minutes * 60)}s",
                "--host",
                hosts[0],
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=load_env,
            check=False,
            stdout=open(work / "locust.log", "wb"),
            stderr=subprocess.STDOUT,
        )
        elapsed = time.monotonic() - started
    finally:
        for _name, process in reversed(processes):
            process.terminate()
        for _name, process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    rows = list(csv.DictReader(open(work / "load_stats.csv")))
    print(
        f"mixed load: {args.residents} residents, {args.officers} officers, {args.supervisors} supervisors "
        f"for {elapsed:.0f} s against daphne x{len(ports)}, worker, beat (PostgreSQL, Redis); logs in {work}"
    )
    print(f"{'endpoint':42} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    errors = 0
    for row in rows:
        name = row["Name"] if row["Type"] != "" else "total"
        print(
            f"{(row['Type'] + ' ' + name)[:42]:42} {row['Request Count']:>9} {row['Failure Count']:>7} "
            f"{row['50%']:>8} {row['95%']:>8} {row['99%']:>8}"
        )
        if row["Name"] == "Aggregated":
            errors = int(row["Failure Count"])
    failures = work / "load_failures.csv"
    if failures.exists():
        for row in list(csv.DictReader(open(failures)))[:10]:
            print(f"  failure: {row['Method']} {row['Name']}: {row['Error'][:160]} x{row['Occurrences']}")
    for name, _command in procfile:
        text = (work / f"{name}.log").read_text(errors="replace")
        bad = [
            line for line in text.splitlines() if "Traceback" in line or " ERROR" in line or "Error:" in line
        ]
        if bad:
            print(f"  {name}: {len(bad)} error lines, first: {bad[0][:200]}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
