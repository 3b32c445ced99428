"""Throughput of filing reports through the public API, beside a bare one-row-insert view.

    .venv/bin/python bench/intake.py --reports 300 --concurrency 8

Without --url it migrates a throwaway SQLite database in a temporary VAR_DIR (or the database
of DATABASE_URL when set: use a throwaway one), starts `manage.py runserver --noreload` on a
free port of 127.0.0.1 with DEBUG off, the intake rate limits raised and BENCH_ENDPOINTS=1,
and stops it at the end. It files N reports with POST /api/v1/reports/ (JSON, anonymous and
real-name mixed, spread over the areas and their required questions) from a thread pool, and
as many POST /bench/insert/ requests (a Django view that parses the JSON body and inserts one
row into django_session), and prints both rates and their ratio.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import figure_record  # noqa: E402

ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def id_number(rng: random.Random) -> str:
    body = f"460400{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=False)) % 11]


def answer(question: dict) -> str:
    if question["datatype"] == "choice" and question["choices"]:
        return question["choices"][0]["key"]
    return {"number": "3200", "date": "2024-06-01"}.get(question["datatype"], "测试回答")


def payloads(count: int, areas: list[dict], seed: int = 7) -> list[dict]:
    """Report bodies: a third without an area, half real-name, required questions answered."""
    rng = random.Random(seed)
    bodies = []
    for n in range(count):
        body = {
            "description": f"第{n}号测试举报:某公司拖欠工人工资三个月,多次讨要未果,涉及约二十人。",
            "location": "儋州市那大镇",
            "subject_kind": "organisation",
            "subject_name": f"测试建筑公司{n % 50}",
            "subject_contacts": [f"170{rng.randint(10_000_000, 99_999_999)}"],
        }
        if areas and n % 3:
            area = areas[n % len(areas)]
            body["area"] = area["code"]
            body["answers"] = {q["code"]: answer(q) for q in area["questions"] if q["required"]}
        if n % 2:
            body.update(
                anonymous=False,
                reporter_name="测试人",
                reporter_phone=f"138{rng.randint(10_000_000, 99_999_999)}",
                reporter_id_number=id_number(rng),
            )
        bodies.append(body)
    return bodies


class Client:
    """One keep-alive HTTP connection per thread."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.local = threading.local()

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, float]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", "Accept-Language": "zh-hans"} if data else {}
        for attempt in range(2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                content = response.read()
                return response.status, content, time.perf_counter() - started
            except (ConnectionError, http.client.HTTPException):
                conn.close()
                self.local.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def run(client: Client, path: str, bodies: list[dict], concurrency: int, expect: int) -> dict:
    with ThreadPoolExecutor(concurrency) as pool:
        started = time.perf_counter()
        results = list(pool.map(lambda body: client.request("POST", path, body), bodies))
        elapsed = time.perf_counter() - started
    failures = [(status, content[:200]) for status, content, _ in results if status != expect]
    latencies = sorted(latency for *_, latency in results)
    return {
        "count": len(bodies),
        "seconds": elapsed,
        "rate": len(bodies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "failures": failures,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_start(workdir: Path, kind: str = "runserver", port: int = 0) -> tuple[subprocess.Popen, str]:
    from cryptography.fernet import Fernet

    env = {
        **os.environ,
        "VAR_DIR": str(workdir),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BENCH_ENDPOINTS": "1",
        "INTAKE_SUBMIT_RATE": "100000000/h",
        "INTAKE_TRACK_RATE": "100000000/h",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    port = port or free_port()
    log = open(workdir / "server.log", "wb")
    if kind == "daphne":  # the Procfile's web process
        command = [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "project.asgi:application",
        ]
    else:
        command = [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped; see {workdir / 'server.log'}")
        try:
            if Client(url).request("GET", "/api/v1/areas/")[0] == 200:
                return server, url
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not answer within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--url", help="a running server (with BENCH_ENDPOINTS=1 and raised rate limits)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary VAR_DIR")
    parser.add_argument(
        "--server", choices=["runserver", "daphne"], default="runserver", help="what serves (without --url)"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="the port of the server started (0: any free one)"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    server = None
    try:
        if args.url:
            url = args.url.rstrip("/")
        else:
            server, url = server_start(workdir, args.server, args.port)
        client = Client(url)
        status, content, _ = client.request("GET", "/api/v1/areas/")
        areas = json.loads(content) if status == 200 else []
        bodies = payloads(args.reports, areas)
        warmup = max(10, args.concurrency * 2)
        run(client, "/api/v1/reports/", payloads(warmup, areas, seed=1), args.concurrency, 201)
        baseline_ok = client.request("POST", "/bench/insert/", {"warm": True})[0] == 201
        baseline = run(client, "/bench/insert/", bodies, args.concurrency, 201) if baseline_ok else None
        reports = run(client, "/api/v1/reports/", bodies, args.concurrency, 201)

        vendor = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        print(
            f"server {url} ({f'own {args.server}, DEBUG off' if server else 'given'}), database {vendor}, "
            f"{len(areas)} areas, concurrency {args.concurrency}"
        )
        print(f"{'endpoint':<36}{'requests':>9}{'per s':>9}{'p50 ms':>9}{'p95 ms':>9}{'failed':>8}")
        rows = [("POST /api/v1/reports/ (report_submit)", reports)]
        if baseline:
            rows.append(("POST /bench/insert/ (one-row insert)", baseline))
        for name, row in rows:
            print(
                f"{name:<36}{row['count']:>9}{row['rate']:>9.1f}{row['p50']:>9.1f}{row['p95']:>9.1f}"
                f"{len(row['failures']):>8}"
            )
        if baseline:
            ratio = reports["rate"] / baseline["rate"]
            print(f"reports per second / bare inserts per second = {ratio:.2f}")
            served = args.server if server else "given server"
            figure_record(
                f"intake reports/s ÷ bare insert/s ({vendor}, {served}, concurrency {args.concurrency})",
                reports["rate"],
                unit="reports/s",
                ratio=ratio,
                baseline="POST /bench/insert/ on the same server",
                goal=">= 0.5",
            )
        else:
            print("no /bench/insert/ on this server (start it with BENCH_ENDPOINTS=1) - no baseline")
        for name, row in rows:
            for failure in row["failures"][:3]:
                print(f"  {name} failed: {failure}")
        if any(row["failures"] for _, row in rows):
            sys.exit(1)
    finally:
        if server:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
