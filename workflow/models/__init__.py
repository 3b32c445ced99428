from workflow.models.cases import Case, Measure, Officer, Outcome
from workflow.models.deadlines import CalendarDay, DeadlinePolicy
from workflow.models.handling import (
    AssistanceRequest,
    EvidenceNote,
    Extension,
    HistoryEntry,
    IdentityAccessLog,
)

__all__ = [
    "AssistanceRequest",
    "CalendarDay",
    "Case",
    "DeadlinePolicy",
    "EvidenceNote",
    "Extension",
    "HistoryEntry",
    "IdentityAccessLog",
    "Measure",
    "Officer",
    "Outcome",
]
