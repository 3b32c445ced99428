"""Covering partial indexes for the queue and the inbox (bench/workflow.py).

The menu badges and the paginators count a user's queue (`status = 'NEW'` and
`owner_permission IN (...)`) and inbox (`status = 'ASSIGNED'` and `owner_id = ...`) on every
page. With the task kind (`flow_task`) in the index these counts are index-only scans: at a
million cases the complaint centre's queue of 2,500 tasks was counted in 25-37 ms through the
status index and the heap, under 1 ms this way. Built CONCURRENTLY on PostgreSQL.
"""

from django.db import migrations

HUMAN = "flow_task_type = 'HUMAN'"
INDEXES = [
    ("wf_task_queue", "(owner_permission, created, flow_task)", f"status = 'NEW' AND {HUMAN}"),
    ("wf_task_inbox", "(owner_id, created, flow_task)", f"status = 'ASSIGNED' AND {HUMAN}"),
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
        ("workflow", "0008_case_bureau_created"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
