"""A trigram index for the public name search on PostgreSQL (bench/credit.py: a name search
over a million publications drops from about 430 ms to about 11 ms).

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. Where it
cannot be created the index is skipped and name searches scan instead. Nothing on SQLite.
"""

import logging

from django.db import DatabaseError, migrations

logger = logging.getLogger(__name__)

INDEX = (
    "CREATE INDEX IF NOT EXISTS publication_name_trgm ON credit_publication "
    "USING gin (upper(public_name::text) gin_trgm_ops) WHERE state = 'published'"
)


def up(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with schema_editor.connection.cursor() as cursor, _savepoint(schema_editor):
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning("pg_trgm is not available: public name searches will scan")
        return
    schema_editor.execute(INDEX)


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publication_name_trgm")


def _savepoint(schema_editor):
    from django.db import transaction

    return transaction.atomic(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("credit", "0004_incentives_sector_rules")]
    operations = [migrations.RunPython(up, down)]
