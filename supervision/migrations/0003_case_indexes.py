"""Indexes on workflow_case that the supervision figures need (another app's table, so RunSQL).

- open cases by bureau and due time: "overdue now" for one bureau (a bureau head's dashboard);
- updated_at: the periodic reconciliation reads cases changed since its last run.
Both work on PostgreSQL and SQLite.
"""

from django.db import migrations

INDEXES = [
    (
        "supervision_case_open_bureau_due",
        "workflow_case (bureau_id, due_at) WHERE state = 'open'",
    ),
    ("supervision_case_updated", "workflow_case (updated_at)"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0002_first_campaign"),
        ("workflow", "0001_initial"),
    ]
    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES
    ]
