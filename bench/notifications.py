"""Benchmark: notifications delivered per second through real Celery workers and Redis, and
the time from a case event to connected WebSocket clients (daphne + Redis channel layer).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integrity REDIS_URL=redis://127.0.0.1:6379/15 \\
    SECRET_KEY=bench FIELD_ENCRYPTION_KEY=<fernet key> .venv/bin/python bench/notifications.py

Without DATABASE_URL it uses SQLite under VAR_DIR (slower writes). Migrates the database,
creates its own report, case and user, and removes what it created at the end. Every loop is
bounded in count and time; all traffic stays on 127.0.0.1.
"""

import argparse
import asyncio
import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# --- a minimal WebSocket client (RFC 6455), enough for text frames from daphne ----------


class Client:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, port: int, path: str, cookie: str) -> "Client":
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
            ).encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"handshake refused: {head[:80]!r}")
        return cls(reader, writer)

    def _send(self, opcode: int, payload: bytes = b"") -> None:
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    async def receive(self):
        """The next text message as JSON (answers pings on the way); None when closed."""
        while True:
            first, second = await self.reader.readexactly(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(await self.reader.readexactly(2), "big")
            elif length == 127:
                length = int.from_bytes(await self.reader.readexactly(8), "big")
            payload = await self.reader.readexactly(length)
            opcode = first & 0x0F
            if opcode == 0x1:
                return json.loads(payload)
            if opcode == 0x9:
                self._send(0xA, payload)
            elif opcode == 0x8:
                return None

    async def close(self) -> None:
        try:
            self._send(0x8, (1000).to_bytes(2, "big"))
            await self.writer.drain()
        finally:
            self.writer.close()


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument("--pool", default="threads", choices=["threads", "prefork", "solo"])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--events", type=int, default=200)
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
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client as HttpClient

    call_command("migrate", verbosity=0)

    from intake.models import Report
    from intake.services import report_submit
    from notifications.models import Message
    from notifications.tasks import message_send
    from workflow.models import Case
    from workflow.signals import TaskEvent, task_changed

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    report = report_submit(
        source=Report.Source.SMS,
        description="Benchmark report: wages unpaid for months.",
        reporter_phone="13512345678",
    ).report
    case = Case.objects.create(
        reference=report.reference, report=report, source=report.source, created_at=report.created_at
    )
    user = get_user_model().objects.create_superuser(f"bench-{uuid.uuid4().hex[:8]}", password=None)
    http = HttpClient()
    http.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={http.cookies[settings.SESSION_COOKIE_NAME].value}"
    processes = []
    try:
        # 1. Throughput: N outbox rows handed to the broker, delivered by real workers.
        Message.objects.filter(report=report).delete()
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
        ids = (
            [m.pk for m in rows]
            if rows[0].pk
            else list(Message.objects.filter(report=report).values_list("pk", flat=True))
        )
        publish_started = time.perf_counter()
        for message_id in ids:
            message_send.apply_async((message_id,))
        publish_seconds = time.perf_counter() - publish_started
        started = time.perf_counter()
        for n in range(args.workers):
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
                        os.environ.get("BENCH_LOGLEVEL", "WARNING"),
                        "--queues",
                        queue,
                        "--without-gossip",
                        "--without-mingle",
                        "--without-heartbeat",
                        "--hostname",
                        f"bench{n}-{queue}@%h",
                    ],
                    env,
                    work / f"worker{n}.log",
                )
            )
        unsent = Message.objects.filter(pk__in=ids).exclude(status=Message.Status.SENT)
        wait_for(lambda: not unsent.exists(), timeout=600, what="all messages to be sent")
        elapsed = time.perf_counter() - started
        files = len(list((work / "sent" / "sms").glob("*.txt")))
        # Worker start-up is included; it is about a second, so use enough messages.
        print(
            f"delivered {args.messages} SMS (file gateway) with {args.workers} worker(s), "
            f"pool={args.pool} concurrency={args.concurrency}: {elapsed:.2f} s incl. worker start, "
            f"{args.messages / elapsed:.0f} messages/s (publishing took {publish_seconds:.2f} s, "
            f"{args.messages / publish_seconds:.0f}/s); files written: {files}"
        )

        # 2. Latency: case event -> N WebSocket clients through daphne and the Redis layer.
        port = free_port()
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
        latencies: list[float] = []
        sent_at: dict[int, float] = {}
        received: dict[int, int] = {}
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        finished = threading.Event()

        async def listener(client):
            while True:
                data = await client.receive()
                if data is None:
                    return
                now = time.perf_counter()
                task_id = data.get("task_id")
                if task_id in sent_at:
                    latencies.append(now - sent_at[task_id])
                    received[task_id] = received.get(task_id, 0) + 1

        async def clients_main():
            clients = []
            for _ in range(args.clients):
                clients.append(await Client.connect(port, f"/ws/cases/{case.reference}/", cookie))
            tasks = [asyncio.ensure_future(listener(c)) for c in clients]
            ready.set()
            while not finished.is_set():
                await asyncio.sleep(0.05)
            for c in clients:
                await c.close()
            for t in tasks:
                t.cancel()

        thread = threading.Thread(target=lambda: loop.run_until_complete(clients_main()), daemon=True)
        thread.start()
        if not ready.wait(60):
            raise SystemExit("clients did not connect")
        time.sleep(0.5)  # let every consumer join its group
        for event in range(1, args.events + 1):
            sent_at[event] = time.perf_counter()
            task_changed.send(
                sender=None,
                task_id=event,
                case_id=case.pk,
                bureau_id=None,
                user_id=None,
                event=TaskEvent.CREATED,
            )
            wait_for(
                lambda: received.get(event, 0) >= args.clients,
                timeout=10,
                what=f"event {event} at every client",
            )
        finished.set()
        thread.join(timeout=10)
        ms = [value * 1000 for value in latencies]
        print(
            f"case event -> {args.clients} WebSocket clients, {args.events} events, {len(ms)} deliveries: "
            f"median {statistics.median(ms):.1f} ms, p99 {percentile(ms, 0.99):.1f} ms, "
            f"max {max(ms):.1f} ms (time until each client had it)"
        )
    finally:
        for process in processes:
            stop(process)
        Message.objects.filter(report=report).delete()
        case.delete()
        report.delete()
        user.delete()
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).delete(queue, f"_kombu.binding.{queue}")


if __name__ == "__main__":
    main()
