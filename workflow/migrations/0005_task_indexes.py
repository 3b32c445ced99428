"""Partial indexes on viewflow's task table (see bench/workflow.py) and on due timers.

The queue filters `owner_permission IN (...)`, the inbox `owner_id = ...`, dashboards
`status`, all on open tasks ordered by `created`; the timer sweep looks for scheduled timers
by due time. Built CONCURRENTLY on PostgreSQL (no table lock on a live system); SQLite
supports partial indexes too, so the embedded default gets the same plans.
"""

from django.db import migrations

OPEN = "status IN ('NEW', 'ASSIGNED')"
INDEXES = [
    ("wf_task_open_status_created", "(status, created)", OPEN),
    ("wf_task_open_owner_created", "(owner_id, created)", OPEN),
    ("wf_task_open_perm_created", "(owner_permission, created)", OPEN),
    ("wf_task_timer_due", "(scheduled)", "status = 'SCHEDULED'"),
]


def create(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name, columns, condition in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX {concurrently}IF NOT EXISTS {name} ON viewflow_task {columns} WHERE {condition}"
        )


def drop(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name, _columns, _condition in INDEXES:
        schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("workflow", "0004_handling"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
