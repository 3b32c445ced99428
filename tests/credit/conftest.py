"""Fixtures: officers of the bureaus the measure catalogue names, and blacklisted cases."""

import datetime

import pytest
from django.utils import timezone

from intake.models import Report
from tests.factories import (
    _serial,
    case_decided,
    credit_code,
    decided,
    officer,
    outcome_add,
)
from workflow.models import Outcome


@pytest.fixture
def make_officer(db):
    return officer


@pytest.fixture
def ndrc_officer(db):
    return officer("ndrc", "ndrc")


@pytest.fixture
def court_officer(db):
    return officer("court", "court")


@pytest.fixture
def blacklisted(db):
    """A case that blacklists an organisation with three measures of three bureaus."""

    def _make(
        *,
        code: str | None = None,
        measures=("restrict_exit", "restrict_flights_trains", "bar_tenders"),
        listed_days: int | None = 730,
        **case_fields,
    ):
        code = code or credit_code(next(_serial))
        case = case_decided(subject_credit_code=code, **case_fields)
        outcome = outcome_add(
            case,
            Outcome.Kind.BLACKLIST,
            subject_kind=Report.SubjectKind.ORGANISATION,
            subject_name=case.report.subject_name,
            subject_credit_code=code,
            decision_number="儋人社罚〔2026〕12号",
            measures=measures,
            listed_until=(
                timezone.localtime(case.decided_at).date() + datetime.timedelta(days=listed_days)
                if listed_days
                else None
            ),
        )
        decided(case)
        return case, outcome

    return _make
