"""Benchmark: notifications delivered per second through real Celery workers and Redis, and
the time from a case event to connected WebSocket clients (daphne + Redis channel layer).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integrity REDIS_URL=redis://127.0.0.1:6379/15 \\
    SECRET_KEY=bench FIELD_ENCRYPTION_KEY=<fernet key> .venv/bin/python bench/notifications.py

Without DATABASE_URL it uses SQLite under VAR_DIR (slower writes). Migrates the database,
creates its own report (its case opened by the flow) and user, starts one worker (threads x8)
and daphne, and removes what it created at the end. The no-op task baseline runs through the
same worker; the WebSocket clients run in another process (bench/ws_clients.py). Every loop is
bounded in count and time; all traffic stays on 127.0.0.1.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

from bench.figures import figure_record  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# --- processes ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {what}")


def start(command, env, log):
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT)


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the benchmark --------------------------------------------------------------------


def worker_ready(log: Path) -> bool:
    return log.exists() and " ready." in log.read_text(errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--pool", default="threads", choices=["threads", "prefork", "solo"])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument(
        "--interval", type=float, default=0.02, help="pause after each event reached every client"
    )
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("set REDIS_URL (e.g. redis://127.0.0.1:6379/15)")

    work = Path(os.environ.get("VAR_DIR", ROOT / "var")) / f"bench-notify-{uuid.uuid4().hex[:6]}"
    work.mkdir(parents=True)
    queue = f"bench-notify-{uuid.uuid4().hex[:8]}"
    os.environ["CELERY_QUEUE"] = queue
    os.environ["NOTIFICATIONS_FILE_OUTBOX"] = str(work / "sent")

    import django

    django.setup()
    import redis
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client as HttpClient

    from tests.support.twofactor import second_factor_pass

    call_command("migrate", verbosity=0)

    from intake.models import Report
    from intake.services import ReportDraft, ReporterDraft, report_submit
    from notifications.models import Message
    from notifications.services import messages_hand_over
    from project.celery import app
    from workflow.services.cases import report_case_open
    from workflow.signals import TaskEvent, task_changed

    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    report = report_submit(
        ReportDraft(
            source=Report.Source.SMS,
            description="Benchmark report: wages unpaid for months.",
            reporter=ReporterDraft(phone="13512345678"),
        )
    ).report
    case = report_case_open(report_id=report.pk)  # the case the flow opens (its task finds it open)
    user = get_user_model().objects.create_superuser(f"bench-{uuid.uuid4().hex[:8]}", password=None)
    http = HttpClient()
    http.force_login(user)
    second_factor_pass(http, user)  # the staff gate lets verified sessions' sockets in
    cookie = f"{settings.SESSION_COOKIE_NAME}={http.cookies[settings.SESSION_COOKIE_NAME].value}"
    processes = []
    try:
        log = work / "worker.log"
        processes.append(
            start(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "--app",
                    "project",
                    "worker",
                    "--pool",
                    args.pool,
                    "--concurrency",
                    str(args.concurrency),
                    "--loglevel",
                    "INFO",
                    "--queues",
                    queue,
                    "--include",
                    "bench.tasks",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--hostname",
                    f"bench-{queue}@%h",
                ],
                env,
                log,
            )
        )
        wait_for(lambda: worker_ready(log), timeout=60, what="the worker")
        wait_for(
            lambda: broker.llen(queue) == 0, timeout=60, what="the worker to take what the report queued"
        )
        time.sleep(1)

        # 1. Baseline: N no-op tasks (each counts itself in Redis) through the same worker.
        counter = f"{queue}-noop"
        started = time.perf_counter()
        for _ in range(args.messages):
            app.send_task("bench.noop", (counter,), queue=queue)
        wait_for(lambda: int(broker.get(counter) or 0) >= args.messages, timeout=600, what="the no-op tasks")
        noop_rate = args.messages / (time.perf_counter() - started)

        # 2. Deliveries: N outbox rows handed over as the outbox does (batches), sent by the
        #    worker through the file gateway (claim, read, send, mark).
        rows = Message.objects.bulk_create(
            [
                Message(
                    kind=Message.Kind.RECEIVED,
                    channel=Message.Channel.SMS,
                    report=report,
                    context={"reference": report.reference},
                )
                for _ in range(args.messages)
            ]
        )
        ids = [m.pk for m in rows]
        started = time.perf_counter()
        messages_hand_over(message_ids=ids)
        unsent = Message.objects.filter(pk__in=ids).exclude(status=Message.Status.SENT)
        wait_for(lambda: not unsent.exists(), timeout=600, what="all messages to be sent")
        delivery_rate = args.messages / (time.perf_counter() - started)
        files = len(list((work / "sent" / "sms").glob("*.txt")))
        ratio = delivery_rate / noop_rate
        print(
            f"one worker, pool={args.pool} x{args.concurrency}: {args.messages} SMS (file gateway) "
            f"{delivery_rate:.0f}/s, {args.messages} no-op tasks {noop_rate:.0f}/s, ratio {ratio:.3f}; "
            f"files written: {files}"
        )
        figure_record(
            f"deliveries/s ÷ no-op task/s (one worker, {args.pool} x{args.concurrency})",
            delivery_rate,
            unit="messages/s",
            ratio=ratio,
            baseline="no-op tasks through the same worker",
            goal=">= 0.3",
        )

        # 3. Latency: case event -> N WebSocket clients (another process) through daphne and
        #    the Redis channel layer; the sender notes the wall-clock time of each event.
        port = int(os.environ.get("BENCH_PORT") or free_port())
        processes.append(
            start(
                [
                    sys.executable,
                    "-m",
                    "daphne",
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "project.asgi:application",
                ],
                env,
                work / "daphne.log",
            )
        )

        def port_open():
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        wait_for(port_open, timeout=60, what="daphne")
        arrivals_file = work / "arrivals.json"
        clients = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "ws_clients.py"),
                str(port),
                f"/ws/cases/{case.reference}/",
                cookie,
                str(args.clients),
                str(args.events),
                str(arrivals_file),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        processes.append(clients)
        if clients.stdout.readline().strip() != "READY":
            raise SystemExit("the WebSocket clients did not connect")
        time.sleep(1)  # let every consumer join its group
        sent_at: dict[int, float] = {}
        sending: list[float] = []
        for event in range(1, args.events + 1):
            sent_at[event] = time.time()
            sending.append(time.perf_counter())
            task_changed.send(
                sender=None,
                task_id=event,
                case_id=case.pk,
                bureau_id=None,
                user_id=None,
                event=TaskEvent.CREATED,
            )
            sending[-1] = (time.perf_counter() - sending[-1]) * 1000
            # Closed loop, as the published figure was taken: the next event leaves once every
            # client had this one (then a pause), so the figure is latency, not a queue.
            line = clients.stdout.readline().strip()
            if line != f"ALL {event}":
                raise SystemExit(f"clients said {line!r} after event {event}")
            time.sleep(args.interval)
        clients.wait(timeout=150)
        arrivals = json.loads(arrivals_file.read_text())
        ms = [(at - sent_at[event]) * 1000 for event, _client, at in arrivals if event in sent_at]
        expected = args.clients * args.events
        print(
            f"case event -> {args.clients} WebSocket clients (another process), {args.events} events, "
            f"each sent {args.interval * 1000:.0f} ms after the last reached every client, {len(ms)} of {expected} deliveries: "
            f"median {statistics.median(ms):.1f} ms, p99 {percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms"
        )
        print(
            f"  of which in the sending process (signal, its receivers, the publish to Redis): "
            f"median {statistics.median(sending):.1f} ms, p99 {percentile(sending, 0.99):.1f} ms"
        )
        if len(ms) < expected:
            raise SystemExit(f"only {len(ms)} of {expected} deliveries arrived")
        figure_record(
            f"case event -> {args.clients} WebSocket clients, p99",
            percentile(ms, 0.99),
            unit="ms",
            goal="< 100",
        )
    finally:
        for process in reversed(processes):
            stop(process)
        Message.objects.filter(report=report).delete()
        user.delete()
        broker.delete(queue, f"_kombu.binding.{queue}", f"{queue}-noop")


if __name__ == "__main__":
    main()
