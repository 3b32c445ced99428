"""The application as it runs in production, for the browser suite: daphne (HTTP and
WebSockets, through `manage.py runserver`) and a real Celery worker, on a database of their
own filled by `migrate` and `demo_data`. Each process is started and stopped by its own pid.

On the embedded default the database is an SQLite file and the broker kombu's filesystem
transport, both under the stack's folder; with DATABASE_URL a database named after it with
the suffix `_browser` is created afresh on the same server, and with REDIS_URL the worker
listens on a queue of its own.
"""

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from tests.notifications.processes import ROOT, Worker, wait_for

PASSWORD = "demo12345"  # the demo users' password (workflow/management/commands/demo_data.py)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fresh_postgres_database(url: str) -> str:
    """Create (or empty) `<name>_browser` next to the database of `url`; return its URL."""
    import dj_database_url
    import psycopg

    parsed = dj_database_url.parse(url)
    name = f"{parsed['NAME']}_browser"
    admin = psycopg.connect(
        host=parsed["HOST"] or "127.0.0.1",
        port=parsed["PORT"] or 5432,
        user=parsed["USER"] or None,
        password=parsed["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


class Stack:
    """Web server and worker on a fresh database with the demo users and demo cases."""

    def __init__(self, folder: Path, port: int | None = None):
        self.folder = folder
        self.port = port or int(os.environ.get("BROWSER_TEST_PORT") or free_port())
        self.url = f"http://127.0.0.1:{self.port}"
        self.queue = f"browser-{uuid.uuid4().hex[:10]}"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST_", "DJANGO_SETTINGS_MODULE"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "project.settings",
                "VAR_DIR": str(folder),
                "DEBUG": "1",  # runserver serves the static files
                "HTTPS": "0",  # plain HTTP on 127.0.0.1, as behind no proxy
                "CELERY_QUEUE": self.queue,
                "CELERY_TASK_ALWAYS_EAGER": "0",
                # Every scenario files from 127.0.0.1: the per-IP limits are not under test here.
                "INTAKE_SUBMIT_RATE": "1000/h",
                "INTAKE_TRACK_RATE": "1000/h",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = _fresh_postgres_database(os.environ["DATABASE_URL"])
        self.env = env
        self.server: subprocess.Popen | None = None
        self.worker: Worker | None = None
        self._server_log = None

    @classmethod
    def running(cls, folder: Path) -> "Stack":
        """A stack already started on `folder` and BROWSER_TEST_PORT (never stopped here)."""
        stack = cls.__new__(cls)
        stack.folder, stack.port = folder, int(os.environ["BROWSER_TEST_PORT"])
        stack.url = f"http://127.0.0.1:{stack.port}"
        stack.env = {**os.environ, "VAR_DIR": str(folder), "DEBUG": "1"}
        stack.server = stack.worker = stack._server_log = None
        return stack

    def manage(self, *args: str, timeout: float = 300) -> str:
        """Run a management command against the stack's database; its output."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def shell(self, code: str) -> str:
        """Run Python in a Django shell on the stack's database (for clocks and checks)."""
        return self.manage("shell", "-v", "0", "-c", code).strip()

    def start(self) -> "Stack":
        self.manage("migrate", "-v", "0", "--noinput")
        self.manage("demo_data")
        self._server_log = open(self.folder / "server.log", "ab")  # noqa: SIM115 - lives with the server
        self.server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=self._server_log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self._answers, timeout=60, what=f"the web server on {self.url}")
        self.worker = Worker(self.env, self.folder / "worker.log", queue=self.queue)
        return self

    def _answers(self) -> bool:
        if self.server.poll() is not None:
            raise AssertionError(f"the web server exited early:\n{self.server_log()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{self.url}/", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def server_log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait(timeout=30)
        if self._server_log is not None:
            self._server_log.close()
