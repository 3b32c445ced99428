"""Listings end when their period is over; the periodic tasks are safe to run twice."""

import datetime

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from credit import tasks
from credit.flows import EnforcementFlow
from credit.models import CreditRecord, Enforcement, Listing, Publication
from credit.services.listings import enforcement_confirm, listings_expire
from tests.factories import case_decided, credit_code, decided, outcome_add
from workflow.models import Outcome

pytestmark = pytest.mark.django_db


def test_an_expired_listing_ends_and_its_measures_are_lifted(blacklisted, psb_officer):
    case, outcome = blacklisted(measures=("restrict_exit",))
    listing = Listing.objects.get(outcome=outcome)
    enforcement_confirm(enforcement=listing.enforcements.get(), user=psb_officer, took_effect=True)
    assert listings_expire(today=listing.listed_until) == 0
    assert listings_expire(today=listing.listed_until + datetime.timedelta(days=1)) == 1
    listing.refresh_from_db()
    assert listing.state == Listing.State.EXPIRED
    assert Publication.objects.get(listing=listing).state == Publication.State.WITHDRAWN
    enforcement = listing.enforcements.get()
    assert enforcement.state == Enforcement.State.LIFTING
    assert Task.objects.filter(
        process_id=enforcement.process_id, flow_task=EnforcementFlow.lift, status=STATUS.NEW
    ).exists()
    assert (
        CreditRecord.objects.filter(kind=CreditRecord.Kind.LISTING_ENDED, subject=listing.subject).count()
        == 1
    )
    assert listings_expire(today=listing.listed_until + datetime.timedelta(days=2)) == 0


def test_the_periodic_tasks_run_without_arguments_and_twice_harmlessly():
    case = case_decided(subject_credit_code=credit_code(3001))
    outcome_add(case, Outcome.Kind.PENALTY)
    assert tasks.decisions_sweep.apply().get() == 1
    assert tasks.decisions_sweep.apply().get() == 0
    assert tasks.lists_expire.apply().get() == {"listings": 0, "red_list": 0}


def test_a_bureau_s_30_day_end_date_stays_30_days():
    """The listing ends when the deciding bureau said; no measure lengthens it."""
    case = case_decided(subject_credit_code=credit_code(3002))
    outcome_add(
        case,
        Outcome.Kind.BLACKLIST,
        measures=["bar_tenders", "restrict_land_supply", "bar_charity_award"],
        listed_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    decided(case)
    listing = Listing.objects.get()
    assert listing.listed_until == timezone.localdate() + datetime.timedelta(days=30)
    assert Publication.objects.get(listing=listing).valid_until == listing.listed_until
