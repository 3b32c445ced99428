"""Consistent, encrypted backups of the database and the evidence store, and their restore.

A backup is one file: a tar archive (`database.*`, `files/<name>`, `manifest.json`) cut into
chunks, each a Fernet token (BACKUP_ENCRYPTION_KEY, else the newest field encryption key),
written with its length. The database is copied by the engine's own consistent tool
(`pg_dump` on PostgreSQL, SQLite's online backup API); then every file that a row names is
copied from the store. Evidence files are written before their row commits and never
changed, so each file the dump names exists when it is copied.

Restoring wants an empty database (a new one, or SQLite's file not there yet) and writes the
files back under their names. The manifest's row counts and file checksums are verified.
Keys are not in the backup: keep them apart (FIELD_ENCRYPTION_KEY, FIELD_HASH_KEY, SECRET_KEY).
"""

import dataclasses
import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models
from django.utils import timezone

MAGIC = b"INTEGRITY-BACKUP-1\n"
CHUNK = 8 * 1024 * 1024


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why."""


def _keys() -> MultiFernet:
    keys = settings.BACKUP_ENCRYPTION_KEY or settings.FIELD_ENCRYPTION_KEY
    return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])


def stored_file_names() -> list[str]:
    """Every file name that a row of any model names, sorted."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and not model._meta.proxy:
                values = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                names.update(value for value in values.iterator() if value)
    return sorted(names)


def row_counts() -> dict[str, int]:
    """Rows per concrete model, by label."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


@dataclasses.dataclass
class Summary:
    files: int
    rows: int
    size: int


def backup_make(*, output: Path) -> Summary:
    """Write an encrypted backup of the database and every stored file to `output`."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        dump = _dump_database(work_dir)
        counts = row_counts()
        names = stored_file_names()
        archive = work_dir / "backup.tar"
        checksums = {}
        with tarfile.open(archive, "w") as tar:
            tar.add(dump, arcname=dump.name)
            for name in names:
                if not default_storage.exists(name):
                    raise BackupError(f"a stored file is missing: row names {name!r}")
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                checksums[name] = hashlib.sha256(data).hexdigest()
                _add_bytes(tar, f"files/{name}", data)
            manifest = {
                "made_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "database": dump.name,
                "rows": counts,
                "files": checksums,
            }
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
        _encrypt(archive, output)
    return Summary(files=len(names), rows=sum(counts.values()), size=output.stat().st_size)


def backup_restore(*, source: Path) -> Summary:
    """Restore a backup into an empty database and the configured store; verify it."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        archive = work_dir / "backup.tar"
        _decrypt(source, archive)
        with tarfile.open(archive, "r") as tar:
            tar.extractall(work_dir / "x", filter="data")
        root = work_dir / "x"
        manifest = json.loads((root / "manifest.json").read_text())
        if manifest["engine"] != connection.vendor:
            raise BackupError(f"this backup is of a {manifest['engine']} database, not {connection.vendor}")
        _restore_database(root / manifest["database"])
        for name, checksum in manifest["files"].items():
            data = (root / "files" / name).read_bytes()
            if hashlib.sha256(data).hexdigest() != checksum:
                raise BackupError(f"file {name!r} does not match its checksum")
            if default_storage.exists(name):
                default_storage.delete(name)
            if default_storage.save(name, ContentFile(data)) != name:
                raise BackupError(f"file {name!r} could not be restored under its name")
    counts = row_counts()
    differing = {
        label: (n, counts.get(label)) for label, n in manifest["rows"].items() if counts.get(label) != n
    }
    if differing:
        raise BackupError(f"row counts differ after restore: {differing}")
    return Summary(files=len(manifest["files"]), rows=sum(counts.values()), size=source.stat().st_size)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            yield block


def _encrypt(plain: Path, output: Path) -> None:
    fernet = _keys()
    output.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(MAGIC)
        for block in _chunks(plain):
            token = fernet.encrypt(block)
            out.write(struct.pack(">I", len(token)))
            out.write(token)


def _decrypt(source: Path, plain: Path) -> None:
    fernet = _keys()
    with source.open("rb") as handle, plain.open("wb") as out:
        if handle.read(len(MAGIC)) != MAGIC:
            raise BackupError("this file is not a backup of this system")
        while header := handle.read(4):
            (length,) = struct.unpack(">I", header)
            try:
                out.write(fernet.decrypt(handle.read(length)))
            except Exception as exc:
                raise BackupError("the backup cannot be decrypted with the configured keys") from exc


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    env = os.environ | {"PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["-h", str(db.get("HOST") or "localhost"), "-p", str(db.get("PORT") or 5432)]
    args += ["-U", str(db.get("USER") or "postgres"), "-d", connection.settings_dict["NAME"]]
    return args, env


def _dump_database(work_dir: Path) -> Path:
    if connection.vendor == "postgresql":
        target = work_dir / "database.pgdump"
        args, env = _pg_env()
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args], env=env, check=True
        )
        return target
    if connection.vendor == "sqlite":
        target = work_dir / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target
    raise BackupError(f"no backup method for a {connection.vendor} database")


def _restore_database(dump: Path) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            if cursor.fetchone()[0]:
                raise BackupError("the database is not empty: restore into a new database")
        connection.close()
        args, env = _pg_env()
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", *args, str(dump)], env=env, check=True)
        return
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
            if cursor.fetchone()[0]:
                raise BackupError("the database is not empty: restore into a new database")
        if str(name) in ("", ":memory:") or "mode=memory" in str(name):
            with sqlite3.connect(dump) as source:
                connection.ensure_connection()
                source.backup(connection.connection)
            return
        connection.close()
        shutil.copyfile(dump, name)
        os.chmod(name, 0o600)
        return
    raise BackupError(f"no restore method for a {connection.vendor} database")
