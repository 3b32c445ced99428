"""The embedded default is safe to try (finding 3): its own keys generated into var/ with
mode 0600 and none in the repository, DEBUG opt-in, bound to 127.0.0.1, and its database
and evidence closed to other users of the machine."""

import json
import os
import stat
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
KEY_NAMES = ("SECRET_KEY", "FIELD_ENCRYPTION_KEY")


def run_settings(var_dir, code: str, **env) -> subprocess.CompletedProcess:
    """Python with the project's settings loaded, in a fresh process and a fresh var/."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "HTTPS", *KEY_NAMES}}
    clean.update({"DJANGO_SETTINGS_MODULE": "project.settings", "VAR_DIR": str(var_dir), **env})
    script = "import django; django.setup()\nfrom django.conf import settings\n" + code
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_first_run_generates_keys_only_the_owner_can_read(tmp_path):
    show = (
        "import json; print(json.dumps([settings.SECRET_KEY, settings.FIELD_ENCRYPTION_KEY, settings.DEBUG]))"
    )
    first = run_settings(tmp_path / "a", show)
    assert first.returncode == 0, first.stderr
    secret, field_key, debug = json.loads(first.stdout.splitlines()[-1])
    assert debug is False
    keys = tmp_path / "a" / "secret-keys.json"
    assert mode(keys) == 0o600 and mode(tmp_path / "a") == 0o700
    assert json.loads(keys.read_text()) == {"SECRET_KEY": secret, "FIELD_ENCRYPTION_KEY": field_key}
    # the same instance keeps its keys; another instance gets others
    again = run_settings(tmp_path / "a", show)
    assert json.loads(again.stdout.splitlines()[-1])[:2] == [secret, field_key]
    other = run_settings(tmp_path / "b", show)
    assert json.loads(other.stdout.splitlines()[-1])[:2] != [secret, field_key]


def test_no_key_is_written_in_the_repository(tmp_path):
    result = run_settings(tmp_path, "print(settings.FIELD_ENCRYPTION_KEY); print(settings.SECRET_KEY)")
    for key in result.stdout.split():
        tracked = subprocess.run(["git", "grep", "-l", "-F", key], cwd=ROOT, capture_output=True, text=True)
        assert tracked.stdout == ""
    source = (ROOT / "project" / "settings.py").read_text()
    assert "ZGV2LW9ubHktZmllbGQta2V5" not in source and "dev-only-secret-key" not in source


def test_debug_is_opt_in(tmp_path):
    assert run_settings(tmp_path, "print(settings.DEBUG)").stdout.split()[-1] == "False"
    assert run_settings(tmp_path, "print(settings.DEBUG)", DEBUG="1").stdout.split()[-1] == "True"


def test_a_deployment_without_keys_refuses_to_start(tmp_path):
    result = run_settings(tmp_path, "print('started')", DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode != 0
    assert "SECRET_KEY and FIELD_ENCRYPTION_KEY must be set" in result.stderr
    assert not (tmp_path / "secret-keys.json").exists()


def test_the_sqlite_database_is_not_readable_by_others(tmp_path):
    result = run_settings(
        tmp_path,
        "from django.db import connection\nwith connection.cursor() as c: c.execute('CREATE TABLE t (x)')",
    )
    assert result.returncode == 0, result.stderr
    database = tmp_path / "db.sqlite3"
    assert database.exists()
    assert mode(database) & 0o077 == 0


@pytest.mark.django_db
def test_evidence_files_are_not_readable_by_others(submit):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
    from intake.services import attachment_thumbnail_make

    report = submit(attachments=[SimpleUploadedFile("p.jpg", buffer.getvalue())]).report
    attachment_thumbnail_make(attachment_id=report.attachments.get().pk)
    attachment = report.attachments.get()
    for stored in (attachment.file, attachment.thumbnail):
        assert mode(stored.path) == 0o600
        assert mode(os.path.dirname(stored.path)) == 0o700


def test_make_run_binds_to_this_machine_only():
    run = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "runserver" in run and "127.0.0.1:$(PORT)" in run and "0.0.0.0" not in run
