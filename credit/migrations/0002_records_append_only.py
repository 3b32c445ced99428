"""A database trigger refuses any UPDATE of a credit record, whatever code runs it.

SQLite drops triggers when a migration rebuilds the table (most AlterField operations do):
a later migration that alters CreditRecord must create this trigger again.
tests/credit/test_records.py proves the trigger is in place.
"""

from django.db import migrations

MESSAGE = "credit records are append-only: write a new record that supersedes this one"

POSTGRESQL_UP = f"""
CREATE OR REPLACE FUNCTION credit_record_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER credit_record_no_update BEFORE UPDATE ON credit_creditrecord
    FOR EACH ROW EXECUTE FUNCTION credit_record_immutable();
"""
POSTGRESQL_DOWN = """
DROP TRIGGER IF EXISTS credit_record_no_update ON credit_creditrecord;
DROP FUNCTION IF EXISTS credit_record_immutable();
"""
SQLITE_UP = f"""
CREATE TRIGGER credit_record_no_update BEFORE UPDATE ON credit_creditrecord
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS credit_record_no_update;"


def _run(schema_editor, statements: dict[str, str]) -> None:
    sql = statements.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, params=None)


def up(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP})


def down(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN})


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
