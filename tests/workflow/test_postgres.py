"""The flow's real lock and the task indexes (see bench/workflow.py)."""

import threading

import pytest
from django.db import connection, connections
from viewflow.workflow import lock
from viewflow.workflow.exceptions import FlowLockFailed

from workflow.flows import CaseFlow


def test_flow_uses_the_select_for_update_lock():
    assert CaseFlow.lock_impl is lock.select_for_update_lock


@pytest.mark.django_db
def test_partial_indexes_on_open_tasks_exist():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "viewflow_task")
    names = set(constraints)
    assert {
        "wf_task_open_status_created",
        "wf_task_open_owner_created",
        "wf_task_open_perm_created",
        "wf_task_timer_due",
    } <= names


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_being_changed_is_locked_for_everyone_else(file_report):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    case = file_report()
    outcome = []

    def meanwhile():
        try:
            with CaseFlow.lock(case.process_id):
                outcome.append("got the lock")
        except FlowLockFailed:
            outcome.append("refused")
        finally:
            connections.close_all()

    with CaseFlow.lock(case.process_id):
        other = threading.Thread(target=meanwhile)
        other.start()
        other.join()
    assert outcome == ["refused"]
