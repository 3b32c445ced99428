from credit.models.evaluations import CreditEvaluation
from credit.models.feed import FeedBatch
from credit.models.lists import Enforcement, Listing, Publication
from credit.models.records import CreditRecord, RecordImmutable
from credit.models.redlist import Incentive, RedListEntry, SectorPolicy
from credit.models.repair import RepairApplication, RepairEvidence
from credit.models.subjects import Subject, SubjectReport
from credit.models.warnings import OrganisationWarning

__all__ = [
    "CreditEvaluation",
    "CreditRecord",
    "Enforcement",
    "FeedBatch",
    "Incentive",
    "Listing",
    "OrganisationWarning",
    "Publication",
    "RecordImmutable",
    "RedListEntry",
    "RepairApplication",
    "RepairEvidence",
    "SectorPolicy",
    "Subject",
    "SubjectReport",
]
