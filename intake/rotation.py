"""Key rotation: re-encrypt every stored Fernet token under the newest FIELD_ENCRYPTION_KEY.

Columns are found, not listed: every EncryptedTextField of every installed model, plus the
raw token columns below (text a service encrypts itself). Each batch commits on its own and
a checkpoint (per newest key) records the last row done, so a stopped run resumes where it
stopped; a row already under the newest key is left alone, so a second run changes nothing.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connection, transaction

from intake import crypto
from intake.fields import EncryptedTextField

# Columns holding Fernet tokens that are plain TextFields (app_label.Model.field).
RAW_TOKEN_COLUMNS = ["notifications.Message.address_encrypted"]


@dataclass(frozen=True)
class TokenTable:
    label: str
    table: str
    pk: str
    columns: tuple[str, ...]


def token_tables() -> list[TokenTable]:
    """Every table with Fernet token columns, with those columns."""
    raw: dict[str, set[str]] = {}
    for dotted in RAW_TOKEN_COLUMNS:
        label, _, name = dotted.rpartition(".")
        raw.setdefault(label, set()).add(name)
    tables = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        label = model._meta.label
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField) or field.name in raw.get(label, ())
        ]
        if columns:
            tables.append(
                TokenTable(label, model._meta.db_table, model._meta.pk.column, tuple(sorted(columns)))
            )
    return sorted(tables, key=lambda table: table.label)


@dataclass
class Progress:
    label: str
    checked: int
    rotated: int
    last_pk: object


def _batches(table: TokenTable, *, after, size: int) -> Iterator[list[tuple]]:
    quote = connection.ops.quote_name
    select = ", ".join(quote(name) for name in (table.pk, *table.columns))
    while True:
        with connection.cursor() as cursor:
            where = f"WHERE {quote(table.pk)} > %s " if after is not None else ""
            cursor.execute(
                f"SELECT {select} FROM {quote(table.table)} {where}ORDER BY {quote(table.pk)} LIMIT %s",
                [after, size] if after is not None else [size],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def table_rotate(table: TokenTable, *, after=None, batch: int = 500) -> Iterator[Progress]:
    """Re-encrypt one table's tokens batch by batch (each batch one transaction), yielding
    progress after each batch."""
    quote = connection.ops.quote_name
    checked = rotated = 0
    for rows in _batches(table, after=after, size=batch):
        with transaction.atomic():
            for pk, *values in rows:
                changes = {}
                for column, value in zip(table.columns, values, strict=True):
                    if value:
                        new = crypto.rotate(value)
                        if new is not None:
                            changes[column] = new
                if changes:
                    assignments = ", ".join(f"{quote(column)} = %s" for column in changes)
                    with connection.cursor() as cursor:
                        cursor.execute(
                            f"UPDATE {quote(table.table)} SET {assignments} WHERE {quote(table.pk)} = %s",
                            [*changes.values(), pk],
                        )
                    rotated += 1
        checked += len(rows)
        yield Progress(table.label, checked, rotated, rows[-1][0])


class Checkpoint:
    """The last row done per table for the current newest key, in a small JSON file."""

    def __init__(self, path: Path):
        self.path = path
        self.key = crypto.newest_key_fingerprint()
        data = json.loads(path.read_text()) if path.exists() else {}
        self.done: dict = data.get("tables", {}) if data.get("key") == self.key else {}

    def after(self, label: str):
        return self.done.get(label)

    def save(self, label: str, last_pk) -> None:
        self.done[label] = last_pk
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": self.key, "tables": self.done}))
        tmp.replace(self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def encryption_rotate(*, checkpoint: Checkpoint, batch: int = 500, report: Callable[[Progress], None]) -> int:
    """Re-encrypt every token column under the newest key, resuming after the checkpoint;
    returns the number of rows re-encrypted. The checkpoint is cleared when all is done."""
    total = 0
    for table in token_tables():
        last = None
        for progress in table_rotate(table, after=checkpoint.after(table.label), batch=batch):
            checkpoint.save(table.label, progress.last_pk)
            report(progress)
            last = progress
        total += last.rotated if last else 0
    checkpoint.clear()
    return total
