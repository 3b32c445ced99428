from intake.models.reference import Area, AreaBureau, Bureau, Question
from intake.models.reports import Attachment, Report, ReportMessage, ReferenceCounter

__all__ = [
    "Area",
    "AreaBureau",
    "Attachment",
    "Bureau",
    "Question",
    "ReferenceCounter",
    "Report",
    "ReportMessage",
]
