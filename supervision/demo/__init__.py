"""Demo data at city scale: N realistic cases over two years (`manage.py cases_generate N`)."""

import datetime

from django.db import connection
from django.utils import timezone

from supervision.demo.python import cases_insert
from supervision.demo.setup import demo_setup
from supervision.demo.sql import cases_insert_sql
from supervision.services.rollups import rollup_rebuild

SET_BASED_FROM = 5000  # on PostgreSQL, from this many cases insert set-based


def cases_generate(
    count: int,
    *,
    seed: int | None = None,
    now: datetime.datetime | None = None,
    progress=None,
    rebuild: bool = True,
) -> None:
    """Insert `count` demo cases with their reports, then recompute facts and roll-ups.

    `progress(stage, done, total)` is called as the work advances. Set-based SQL
    (INSERT ... SELECT generate_series) on PostgreSQL for large counts, Python otherwise.
    """

    now = now or timezone.now()
    setup = demo_setup()

    def stage(name):
        return (lambda done, total: progress(name, done, total)) if progress else None

    if connection.vendor == "postgresql" and count >= SET_BASED_FROM:
        cases_insert_sql(
            count=count, offset=setup.offset, now=now, setup=setup, seed=seed, progress=stage("cases")
        )
    else:
        cases_insert(
            count=count, offset=setup.offset, now=now, setup=setup, seed=seed, progress=stage("cases")
        )
    if rebuild:
        rollup_rebuild(progress=progress)
