"""Real processes for the integration tests and the benchmark: Celery workers, a private
redis-server, management commands. Each is started and stopped by its own pid."""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, *, timeout: float = 30, interval: float = 0.1, what: str = "condition"):
    """Poll `predicate` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL naming the database this process uses (the test database in tests)."""
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


class Worker:
    """`celery -A project worker` (solo pool, optionally with beat) as a child process."""

    def __init__(
        self,
        env: dict,
        log: Path,
        *,
        queue: str,
        beat: bool = False,
        pool: str = "solo",
        concurrency: int = 1,
        include: str = "",
    ):
        self.log = log
        command = [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "project",
            "worker",
            "--pool",
            pool,
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--queues",
            queue,
            "--hostname",
            f"test-{uuid.uuid4().hex[:8]}@%h",
        ]
        if include:  # a module of test hooks the worker imports (e.g. a gate on a task)
            command += ["--include", include]
        if beat:
            command += ["--beat", "--schedule", str(log.parent / f"beat-{uuid.uuid4().hex[:8]}")]
        self.handle = open(log, "ab")  # noqa: SIM115 - open for the life of the worker
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.handle, stderr=subprocess.STDOUT
        )
        wait_for(self.ready, timeout=60, what="the Celery worker to start")

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"worker exited early:\n{self.text()[-3000:]}")
        return " ready." in self.text()

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no ack, as when a machine dies."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.handle.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.handle.close()


class RedisServer:
    """A private redis-server on its own port (never the shared one), without persistence."""

    def __init__(self, port: int, folder: Path):
        if not shutil.which("redis-server"):
            raise AssertionError("redis-server is not installed")
        self.port, self.folder = port, folder
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        wait_for(lambda: self._ping(client), timeout=15, what=f"redis on {self.port}")

    @staticmethod
    def _ping(client) -> bool:
        try:
            return client.ping()
        except Exception:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None


def manage(env: dict, code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run Python `code` in a Django shell subprocess with `env`."""
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
