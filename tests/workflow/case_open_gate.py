"""Imported by a test's Celery worker (`--include`): holds the report's task at its start
while the file named by CASE_OPEN_GATE exists, after noting that it started, so the test can
kill the worker between the report's commit and the case's opening."""

import os
import time
from pathlib import Path

from celery.signals import task_prerun

TASK = "intake.tasks.report_received_send"


@task_prerun.connect
def hold_case_opening(sender=None, args=None, **kwargs):
    if getattr(sender, "name", "") != TASK:
        return
    gate = Path(os.environ["CASE_OPEN_GATE"])
    (gate.parent / f"started-{args[0]}").touch()
    while gate.exists():
        time.sleep(0.05)
