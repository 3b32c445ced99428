from workflow.models.cases import Case, Measure, Officer, Outcome
from workflow.models.deadlines import CalendarDay, Step
from workflow.models.handling import (
    AssistanceRequest,
    EvidenceNote,
    Extension,
    HistoryEntry,
    IdentityAccessLog,
)
from workflow.models.identity import IdentityRelease, IdentityReleasePolicy
from workflow.models.retention import RetentionPolicy

__all__ = [
    "AssistanceRequest",
    "CalendarDay",
    "Case",
    "EvidenceNote",
    "Extension",
    "HistoryEntry",
    "IdentityAccessLog",
    "IdentityRelease",
    "IdentityReleasePolicy",
    "Measure",
    "Officer",
    "Outcome",
    "RetentionPolicy",
    "Step",
]
