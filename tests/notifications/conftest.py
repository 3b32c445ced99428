"""Cases, senders that fail on purpose, and helpers to read what was delivered."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from intake.models import Bureau, Report
from tests.factories import another_officer
from workflow.models import Case


@pytest.fixture
def make_case(db):
    """A Case row for a stored report (the workflow's flow is not needed for notifications)."""

    def _make(report: Report, *, bureau_code: str | None = "hrss", due_at=None, **fields) -> Case:
        # When the case flow already opened the report's case (after commit), set its fields.
        case, _ = Case.objects.update_or_create(
            report=report,
            defaults={
                "reference": report.reference,
                "source": report.source,
                "bureau": Bureau.objects.get(code=bureau_code) if bureau_code else None,
                "due_at": due_at,
                "created_at": report.created_at,
                **fields,
            },
        )
        return case

    return _make


@pytest.fixture
def make_officer_in(db):
    """Another staff member of a bureau, with a unique username."""
    return another_officer


@pytest.fixture
def file_outbox():
    """Files the file sender wrote for a channel: {message id: text}."""

    def _read(channel: str) -> dict[int, str]:
        folder = Path(settings.NOTIFICATIONS_FILE_OUTBOX) / channel
        if not folder.exists():
            return {}
        return {int(p.stem): p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}

    return _read


@pytest.fixture
def use_sender(settings):
    """Route a channel to another sender class by dotted path."""

    def _use(channel: str, path: str) -> None:
        settings.NOTIFICATIONS_SENDERS = {**settings.NOTIFICATIONS_SENDERS, channel: path}

    return _use


def past(days: int = 1) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
