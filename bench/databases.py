"""Fresh PostgreSQL databases for the benches.

`bench/run` migrates one template database first and names it in BENCH_TEMPLATE_DATABASE;
each bench's database is then a copy of it (about a second) instead of a new migration (about
twenty seconds on a loaded 2-core machine), and the bench's own `migrate` finds nothing to do.
Run alone, a bench makes an empty database and migrates it.
"""

import os

TEMPLATE_ENV = "BENCH_TEMPLATE_DATABASE"


def database_fresh(admin_url: str, name: str) -> None:
    """Drop `name` if it exists and create it again, from the template when there is one."""
    import psycopg

    template = os.environ.get(TEMPLATE_ENV, "")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def database_drop(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
