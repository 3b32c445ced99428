"""The mixed load (bench/load/run.py starts it): residents filing and tracking, officers
working the queue and opening task forms and case pages, supervisors on live dashboards
(a WebSocket held open while polling the counters). Loopback only."""

import base64
import itertools
import json
import os
import random
import re
import socket
import threading
import time

import gevent
from locust import HttpUser, between, events, task

SETUP = json.loads(open(os.environ["LOAD_SETUP"]).read())
HOSTS = os.environ["LOAD_HOSTS"].split(",")  # the daphne processes, taken in turn
COOKIE = SETUP["cookie"]
_counter = itertools.count()
CASE_LINK = re.compile(r'href="(/workflow/case/cases/[^"/]+/)"')
# A task's page: the queue's "take" form (its GET shows what taking means), an inbox task's
# form, or a registered flow's task page.
TASK_LINK = re.compile(r'(?:href|action)="(/workflow/case/(?:[^"]*?/\d+/(?:assign|execute)/|tasks/\d+/))"')
_lock = threading.Lock()


def next_host() -> str:
    with _lock:
        return HOSTS[next(_counter) % len(HOSTS)]


class Staff(HttpUser):
    abstract = True
    role = ""

    def on_start(self):
        self.client.base_url = next_host()
        keys = SETUP["sessions"][self.role]
        self.client.headers["Cookie"] = f"{COOKIE}={keys[random.randrange(len(keys))]}"
        # DEBUG is off: the site believes the proxy's header (as behind nginx), cookies are Secure.
        self.client.headers["X-Forwarded-Proto"] = "https"


class Resident(HttpUser):
    fixed_count = int(os.environ.get("LOAD_RESIDENTS", "200"))
    wait_time = between(10, 40)  # a resident reads the page between two actions

    def on_start(self):
        self.client.base_url = next_host()
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.receipts = [random.choice(SETUP["receipts"])]

    @task(1)
    def file(self):
        body = {
            "description": "某公司拖欠工人工资三个月,多次讨要未果,涉及约二十人。",
            "location": "儋州市那大镇",
            "subject_kind": "organisation",
            "subject_name": "测试建筑公司",
        }
        with self.client.post(
            "/api/v1/reports/", json=body, name="POST /api/v1/reports/", catch_response=True
        ) as r:
            if r.status_code == 201:
                self.receipts.append(r.json()["receipt"])
                r.success()
            else:
                r.failure(f"{r.status_code}")

    @task(3)
    def track(self):
        receipt = random.choice(self.receipts)
        self.client.post("/api/v1/track/", json={"receipt": receipt}, name="POST /api/v1/track/")


class Triage(Staff):
    fixed_count = int(os.environ.get("LOAD_TRIAGE", "10"))
    role = "triage"
    wait_time = between(5, 15)  # an officer reads a case or a form between two clicks

    @task(3)
    def queue(self):
        page = self.client.get("/workflow/case/queue/", name="GET /workflow/case/queue/")
        self.open_from(page.text)

    @task(1)
    def inbox(self):
        self.client.get("/workflow/case/inbox/", name="GET /workflow/case/inbox/")

    @task(1)
    def cases(self):
        page = self.client.get("/workflow/case/cases/", name="GET /workflow/case/cases/")
        if 'data-list-page-has-next="1"' in page.text:
            self.client.get("/workflow/case/cases/?page=2", name="GET /workflow/case/cases/?page=2")

    def open_from(self, html: str):
        """Open a case page and a task (its form, or the page to take it) the list links to."""
        for pattern, name in ((CASE_LINK, "GET /workflow/case/cases/<ref>/"), (TASK_LINK, "GET task page")):
            links = pattern.findall(html)
            if links:
                self.client.get(random.choice(links), name=name)


class Officer(Triage):
    fixed_count = int(os.environ.get("LOAD_OFFICERS", "40"))
    role = "officer"


class Supervisor(Staff):
    fixed_count = int(os.environ.get("LOAD_SUPERVISORS", "5"))
    role = "supervisor"
    wait_time = between(15, 30)  # the dashboard refreshes its counters; the socket says what changed

    def on_start(self):
        super().on_start()
        self.socket = None
        # The dashboard's script reconnects with backoff (daphne drops a socket whose connect
        # takes over 5 s): so does this one; only a socket never opened is an error.
        started, error = time.perf_counter(), None
        for attempt in range(4):
            try:
                self.socket = live_socket(
                    self.client.base_url, "/ws/supervision/", self.client.headers["Cookie"]
                )
                error = None
                break
            except Exception as exc:
                error = exc
                gevent.sleep(2**attempt)
        events.request.fire(
            request_type="WS",
            name="/ws/supervision/ connect",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=attempt,
            exception=error,
            context={},
        )

    def on_stop(self):
        if self.socket:
            self.socket.close()

    @task(1)
    def dashboard(self):
        self.client.get("/supervision/", name="GET /supervision/")

    @task(4)
    def counters(self):
        self.client.get("/supervision/counters/", name="GET /supervision/counters/")


def live_socket(base_url: str, path: str, cookie: str) -> socket.socket:
    """Open a WebSocket and keep reading it in the background (the dashboard's live feed)."""
    host, port = base_url.split("//")[1].split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {base_url}\r\n"
            f"Cookie: {cookie}\r\nX-Forwarded-Proto: https\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1024)
        if not chunk:
            raise ConnectionError("closed during the handshake")
        head += chunk
    if b" 101 " not in head.split(b"\r\n", 1)[0]:
        raise ConnectionError(head.split(b"\r\n", 1)[0].decode(errors="replace"))
    sock.settimeout(None)

    def drain():
        try:
            while sock.recv(4096):
                pass
        except OSError:
            pass

    gevent.spawn(drain)
    return sock
