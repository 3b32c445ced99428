"""The case history and the signals higher apps listen to, always sent after commit."""

from django.db import transaction

from workflow.models import Case, HistoryEntry
from workflow.signals import case_changed, task_changed


def case_event(
    *,
    case: Case,
    event: str,
    actor=None,
    note: str = "",
    task_id: int | None = None,
    bureau=None,
    signal: bool = True,
) -> HistoryEntry:
    """Write a history entry and, after commit, send `case_changed` for it."""
    entry = HistoryEntry.objects.create(
        case=case,
        event=event,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        bureau=bureau,
        task_id=task_id,
        note=note,
    )
    if signal:
        case_id, actor_id = case.pk, entry.actor_id
        transaction.on_commit(
            lambda: case_changed.send(sender=Case, case_id=case_id, event=event, actor_id=actor_id)
        )
    return entry


def task_event(
    *, task, case: Case, event: str, bureau_id: int | None, user_id: int | None, actor_id: int | None = None
) -> None:
    """After commit, send `task_changed` for a human task (ids only)."""
    task_id, case_id = task.pk, case.pk
    transaction.on_commit(
        lambda: task_changed.send(
            sender=Case,
            task_id=task_id,
            case_id=case_id,
            bureau_id=bureau_id,
            user_id=user_id,
            event=event,
            actor_id=actor_id,
        )
    )
