"""The restore drill: back up, destroy, restore into a fresh database and store, and find every
report, case, history row and evidence file there and readable with the keys.

It runs the real commands in separate processes, on SQLite by default and on the PostgreSQL
server named by DATABASE_URL in CI (fresh databases made for the drill).
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]

POPULATE = """
import hashlib, io, json
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from intake.models import Report
from intake.services import ReportDraft, ReporterDraft, report_submit
buffer = io.BytesIO(); Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
for n in range(3):
    report_submit(ReportDraft(
        source=Report.Source.WEB,
        description=f"老板拖欠我们三个月工资,一直不给。第{n}份",
        area=None,
        reporter=ReporterDraft(
            anonymous=False, name="欧阳丽华", phone="13712345678", id_number="11010519491231002X"
        ),
        attachments=[SimpleUploadedFile("a.jpg", buffer.getvalue(), content_type="image/jpeg")],
    ))
"""

SNAPSHOT = """
import hashlib, json
from intake.models import Attachment, Report
from project.backup import row_counts
from viewflow.workflow.models import Task
from workflow.models import Case
out = {
    "rows": row_counts(),
    "cases": sorted(Case.objects.values_list("reference", flat=True)),
    "tasks": Task.objects.count(),
    "names": sorted({r.reporter_name for r in Report.objects.all()}),
    "files": sorted(
        (a.file.name, hashlib.sha256(a.file.open("rb").read()).hexdigest()) for a in Attachment.objects.all()
    ),
}
print("SNAPSHOT" + json.dumps(out, ensure_ascii=False))
"""


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result


def snapshot(env: dict) -> dict:
    output = manage(env, "shell", "-c", SNAPSHOT).stdout
    return json.loads(output.split("SNAPSHOT", 1)[1])


class Databases:
    """Fresh databases for the drill: SQLite files under each machine's folder, or PostgreSQL ones."""

    def __init__(self):
        self.url = os.environ.get("DATABASE_URL", "")
        self.made: list[str] = []

    def new(self, folder: Path) -> dict:
        if not self.url:
            return {"VAR_DIR": str(folder)}
        import psycopg

        name = f"drill_{uuid.uuid4().hex[:10]}"
        base = self.url.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return {"VAR_DIR": str(folder), "DATABASE_URL": f"{base}/{name}"}

    def drop(self, env: dict) -> None:
        if not self.url:
            return
        import psycopg

        base, name = env["DATABASE_URL"].rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.remove(name)

    def close(self):
        for name in list(self.made):
            self.drop({"DATABASE_URL": self.url.rsplit("/", 1)[0] + "/" + name})


@pytest.fixture
def databases():
    made = Databases()
    yield made
    made.close()


@pytest.fixture
def base_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "VAR_DIR", "MEDIA_ROOT"}
    }
    env.update(
        SECRET_KEY="drill-" + uuid.uuid4().hex,
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        FIELD_HASH_KEY="drill-hash-key",
        CELERY_TASK_ALWAYS_EAGER="1",
        LOG_FORMAT="text",
        DJANGO_SETTINGS_MODULE="project.settings",
    )
    env.pop("REDIS_URL", None)
    return env


def test_restore_drill_brings_back_every_row_and_file_readable_with_the_keys(tmp_path, base_env, databases):
    first = base_env | databases.new(tmp_path / "first")
    manage(first, "migrate", "-v", "0")
    manage(first, "shell", "-c", POPULATE)
    before = snapshot(first)
    assert len(before["cases"]) == 3 and len(before["files"]) == 3 and before["tasks"] > 0
    assert before["names"] == ["欧阳丽华"]

    backup = tmp_path / "city.backup"
    out = manage(first, "backup", str(backup)).stdout
    assert "backup written" in out and backup.stat().st_mode & 0o777 == 0o600
    assert "欧阳丽华".encode() not in backup.read_bytes() and b"SQLite" not in backup.read_bytes()

    # The machine is lost: its database and its evidence folder.
    databases.drop(first)
    shutil.rmtree(tmp_path / "first")

    second = base_env | databases.new(tmp_path / "second")
    restored = manage(second, "restore", str(backup))
    assert "restored and verified" in restored.stdout
    after = snapshot(second)
    assert after == before


def test_restore_refuses_a_used_database_and_a_wrong_key_and_changes_nothing(tmp_path, base_env, databases):
    env = base_env | databases.new(tmp_path / "one")
    manage(env, "migrate", "-v", "0")
    backup = tmp_path / "b.backup"
    manage(env, "backup", str(backup))

    used = manage(env, "restore", str(backup), check=False)
    assert used.returncode != 0 and "not empty" in used.stderr

    other = (
        base_env | databases.new(tmp_path / "two") | {"FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode()}
    )
    wrong_key = manage(other, "restore", str(backup), check=False)
    assert wrong_key.returncode != 0 and "cannot be decrypted" in wrong_key.stderr
    count = "from django.db import connection; print(len(connection.introspection.table_names()))"
    assert manage(other, "shell", "-c", count).stdout.strip().splitlines()[-1] == "0"
