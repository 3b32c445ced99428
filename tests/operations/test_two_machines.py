"""Two web machines and a worker machine, simulated: separate processes with separate local
folders, sharing only PostgreSQL, Redis and the object store (as a city's servers would).

A report with a photo filed through the first web process is opened by an officer through
the second, its thumbnail made by the worker; rate limits, sessions, channel groups and the
cache hold across them. Needs PostgreSQL and Redis: runs in CI's second pass.
"""

import io
import json
import os
import subprocess
import sys
import uuid

import pytest
import requests
import websocket
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from intake.models import Attachment
from project.celery import app as celery_app
from tests import factories
from tests.notifications.processes import ROOT, Worker, database_url, wait_for
from tests.operations.s3 import CREDENTIALS, REGION, free_port, s3_client, s3_server
from workflow.models import Case

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUCKET = "city-evidence-two-machines"


class WebProcess:
    """daphne serving the project, as the Procfile's web process, on its own port and folder."""

    def __init__(self, env: dict, folder):
        self.port = free_port()
        folder.mkdir(parents=True, exist_ok=True)
        self.log = open(folder / "web.log", "ab")  # noqa: SIM115 - open for the life of the process
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "project.asgi:application",
            ],
            cwd=ROOT,
            env=env | {"VAR_DIR": str(folder), "MEDIA_ROOT": str(folder / "media")},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self.ready, timeout=120, what=f"daphne on {self.port}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError("web process exited early")
        try:
            return requests.get(f"{self.url}/healthz", timeout=10).status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 140, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


def file_report(web: WebProcess):
    return requests.post(
        f"{web.url}/api/v1/reports/",
        data={"description": "老板拖欠我们三个月工资,一直不给。"},
        files={"attachments": ("site.jpg", jpeg(), "image/jpeg")},
        timeout=30,
    )


@pytest.fixture
def city(tmp_path):
    """Machines A and B (web) and W (worker), each with its own folder."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("the machines share PostgreSQL and Redis")
    queue = f"two-machines-{uuid.uuid4().hex[:8]}"
    with s3_server() as endpoint:
        s3 = s3_client(endpoint)
        s3.create_bucket(Bucket=BUCKET)
        env = {
            **os.environ,
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": settings.REDIS_URL,
            "SECRET_KEY": settings.SECRET_KEY,
            "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
            "HTTPS": "0",
            "DEBUG": "0",
            "CELERY_QUEUE": queue,
            "INTAKE_SUBMIT_RATE": "3/h",
            "EVIDENCE_S3_BUCKET": BUCKET,
            "EVIDENCE_S3_ENDPOINT_URL": endpoint,
            "EVIDENCE_S3_REGION": REGION,
            "EVIDENCE_S3_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
            "EVIDENCE_S3_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
            "PYTHONUNBUFFERED": "1",
        }
        machines = {}
        try:
            machines["a"] = WebProcess(env, tmp_path / "a")
            machines["b"] = WebProcess(env, tmp_path / "b")
            (tmp_path / "w").mkdir()
            machines["w"] = Worker(
                env | {"VAR_DIR": str(tmp_path / "w"), "MEDIA_ROOT": str(tmp_path / "w" / "media")},
                tmp_path / "w" / "worker.log",
                queue=queue,
            )
            yield machines, s3, tmp_path, env
        finally:
            for machine in machines.values():
                machine.stop()
            celery_app.connection_for_write().default_channel.client.delete(queue)


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def administrator(db):
    return factories.admin("city-admin", email="admin@example.org")


def test_a_report_filed_on_one_machine_is_opened_on_another_with_a_thumbnail_from_the_worker(
    city, administrator
):
    machines, s3, folders, _env = city
    a, b = machines["a"], machines["b"]

    filed = file_report(a)
    assert filed.status_code == 201, filed.text[:500]
    reference = filed.json()["reference"]
    # The worker opens the case and makes the thumbnail in two tasks, in either order.
    wait_for(lambda: Case.objects.filter(reference=reference).exists(), timeout=60, what="the case")
    attachment = wait_for(
        lambda: Attachment.objects.filter(report__reference=reference).exclude(thumbnail="").first(),
        timeout=60,
        what="the worker to make the thumbnail",
    )
    assert "intake.tasks.attachment_thumbnail" in machines["w"].text()
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {attachment.file.name, attachment.thumbnail.name} <= keys
    local = [p for folder in "abw" for p in (folders / folder).rglob("*") if p.suffix in {".jpg", ".jpeg"}]
    assert local == [], "no machine keeps evidence in its own folder"

    cookies = {settings.SESSION_COOKIE_NAME: session_cookie(administrator)}
    url = reverse("case:attachment", args=[reference, attachment.pk])
    photo = requests.get(f"{b.url}{url}", cookies=cookies, timeout=30)
    assert photo.status_code == 200 and Image.open(io.BytesIO(photo.content)).size == (640, 480)
    thumb = requests.get(f"{b.url}{url}?thumbnail=1", cookies=cookies, timeout=30)
    assert thumb.status_code == 200 and max(Image.open(io.BytesIO(thumb.content)).size) <= 320
    assert requests.get(f"{b.url}{url}", timeout=30, allow_redirects=False).status_code in (302, 403, 404)


def test_rate_limits_sessions_and_channel_groups_hold_across_machines(city, triage_user):
    machines, _s3, folders, env = city
    a, b = machines["a"], machines["b"]

    # The filing limit (3 an hour from one address) counts on both machines together.
    filed = [file_report(m) for m in (a, b, a)]
    assert [response.status_code for response in filed] == [201, 201, 201]
    assert file_report(b).status_code == 429

    # A session opened on one machine is known on the other.
    cookie = session_cookie(triage_user)
    for machine in (a, b):
        page = requests.get(
            f"{machine.url}/workflow/", cookies={settings.SESSION_COOKIE_NAME: cookie}, timeout=30
        )
        assert page.status_code == 200 and "/accounts/login" not in page.url

    # A live client on B hears what a process on machine A raised (Redis channel layer groups).
    socket = websocket.create_connection(
        f"ws://127.0.0.1:{b.port}/ws/inbox/",
        origin=b.url,
        cookie=f"{settings.SESSION_COOKIE_NAME}={cookie}",
        timeout=30,
    )
    try:
        case = wait_for(
            lambda: Case.objects.filter(reference=filed[0].json()["reference"]).first(),
            timeout=60,
            what="the worker to open the case",
        )
        code = (
            "from workflow.signals import task_changed\n"
            f"task_changed.send(sender=None, task_id=901, case_id={case.pk}, bureau_id=None, "
            f"user_id={triage_user.pk}, event='assigned')\n"
        )
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env | {"VAR_DIR": str(folders / "a")},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        events = [json.loads(socket.recv()) for _ in range(2)]
    finally:
        socket.close()
    assert {"event": "task.assigned", "task_id": 901, "case_id": case.pk} in events
