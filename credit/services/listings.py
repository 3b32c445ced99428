"""Blacklist listings and the enforcement of their joint-punishment measures (联合惩戒)."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import deadlines
from credit.flows import EnforcementFlow
from credit.models import (
    CreditRecord,
    Enforcement,
    Listing,
    Publication,
    RedListEntry,
    Subject,
)
from credit.services.publications import publication_withdraw
from credit.services.records import record_write
from credit.services.redlist import redlist_end
from credit.services.tasks import open_task, task_complete
from intake import policies
from intake.policies import policy_adopted_value
from workflow.models import Case, Outcome

logger = logging.getLogger(__name__)


def listing_create(*, outcome: Outcome, case: Case, subject: Subject) -> Listing:
    """List the subject and give each chosen measure's bureau the task to carry it out.

    Idempotent: the outcome's listing is returned when it exists. A subject on the red list
    leaves it. Called inside the transaction that applies the decision.
    """
    existing = Listing.objects.filter(outcome=outcome).first()
    if existing is not None:
        return existing

    measures = list(outcome.measures.select_related("bureau"))
    listed_on = timezone.localtime(outcome.decided_at).date()
    # The deciding bureau's end date stands: nothing lengthens it (rules, part 3(2)3). Without
    # one, an adopted default period applies, else the listing lasts until ended or repaired.
    listed_until = outcome.listed_until
    default_days = policy_adopted_value(policies.LISTING_DEFAULT_DAYS, area=case.area, default={})
    if listed_until is None and default_days.get("days"):
        listed_until = listed_on + datetime.timedelta(days=default_days["days"])
    listing = Listing(
        subject=subject,
        case=case,
        outcome=outcome,
        area=case.area,
        bureau=case.bureau,
        listed_on=listed_on,
        listed_until=listed_until,
    )
    listing.full_clean(exclude=["outcome"])
    listing.save()
    due = deadlines.step_due(deadlines.ENFORCE, area=case.area, start=outcome.decided_at)
    for measure in measures:
        enforcement = Enforcement.objects.create(
            listing=listing, measure=measure, bureau=measure.bureau, due_at=due
        )
        EnforcementFlow.start.run(artifact=enforcement)
    for entry in RedListEntry.objects.filter(subject=subject, state=RedListEntry.State.APPROVED):
        redlist_end(entry=entry, reason=_("The subject was put on the blacklist."))
    return listing


def listing_end(
    *,
    listing: Listing,
    state: str,
    reason: str,
    user=None,
    details: dict | None = None,
) -> None:
    """End a listing: withdraw its publication, ask each bureau to lift a measure in effect,
    and record it. Does nothing to a listing that already ended."""
    listing = Listing.objects.select_for_update(of=("self",)).select_related("area").get(pk=listing.pk)
    if listing.state != Listing.State.ACTIVE:
        return
    now = timezone.now()
    listing.state = state
    listing.ended_at = now
    listing.end_reason = reason
    listing.save(update_fields=["state", "ended_at", "end_reason"])
    publication = Publication.objects.filter(listing=listing).first()
    if publication is not None:
        publication_withdraw(publication=publication, reason=reason)
    for enforcement in listing.enforcements.filter(state=Enforcement.State.IN_EFFECT):
        enforcement_lift_request(enforcement=enforcement, area=listing.area)
    listed = CreditRecord.objects.filter(
        outcome_id=listing.outcome_id, kind=CreditRecord.Kind.BLACKLIST
    ).first()
    record_write(
        subject=listing.subject,
        kind=CreditRecord.Kind.LISTING_ENDED,
        occurred_at=now,
        event_key=f"listing:{listing.pk}:ended",
        case=listing.case,
        outcome=listing.outcome,
        bureau=listing.bureau,
        area=listing.area,
        summary=reason,
        details={"state": state, **(details or {})},
        concerns=listed,
        created_by=user,
    )


def enforcement_lift_request(*, enforcement: Enforcement, area) -> None:
    """Tell the measure's bureau to lift it and confirm (a lift task at that bureau)."""
    enforcement.state = Enforcement.State.LIFTING
    enforcement.lift_due_at = deadlines.step_due(deadlines.ENFORCE, area=area)
    enforcement.reminded_at = enforcement.escalated_at = None
    enforcement.save(update_fields=["state", "lift_due_at", "reminded_at", "escalated_at"])
    waiting = open_task(process_id=enforcement.process_id, node=EnforcementFlow.in_effect)
    if waiting is not None:
        EnforcementFlow.in_effect.run(waiting)


def enforcement_confirm(*, enforcement: Enforcement, user, took_effect: bool, note: str = "") -> Enforcement:
    """The measure's bureau confirms it took effect, or says why it could not."""
    note = (note or "").strip()
    if not took_effect and not note:
        raise ValidationError({"note": [_("Say why the measure could not take effect.")]})
    if len(note) > 2000:
        raise ValidationError({"note": [_("The note is limited to 2000 characters.")]})

    def work(task):
        current = (
            Enforcement.objects.select_for_update(of=("self",))
            .select_related("listing__area")
            .get(pk=enforcement.pk)
        )
        current.confirmed_at = timezone.now()
        current.confirmed_by = user
        current.note = note
        if not took_effect:
            current.state = Enforcement.State.NOT_EFFECTED
        elif current.listing.is_active:
            current.state = Enforcement.State.IN_EFFECT
        else:  # the listing ended before the bureau confirmed: lift at once
            current.state = Enforcement.State.LIFTING
            current.lift_due_at = deadlines.step_due(deadlines.ENFORCE, area=current.listing.area)
        current.save()

    task_complete(process_id=enforcement.process_id, node=EnforcementFlow.confirm, user=user, work=work)
    enforcement.refresh_from_db()
    return enforcement


def enforcement_lift_confirm(*, enforcement: Enforcement, user, note: str = "") -> Enforcement:
    """The measure's bureau confirms it lifted the measure."""
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": [_("The note is limited to 2000 characters.")]})

    def work(task):
        Enforcement.objects.filter(pk=enforcement.pk).update(
            state=Enforcement.State.LIFTED, lifted_at=timezone.now(), lifted_by=user, lift_note=note
        )

    task_complete(process_id=enforcement.process_id, node=EnforcementFlow.lift, user=user, work=work)
    enforcement.refresh_from_db()
    return enforcement


def listings_expire(*, today: datetime.date | None = None) -> int:
    """End every listing whose period is over; each in its own transaction. Returns how many."""
    today = today or timezone.localdate()
    ended = 0
    for listing in Listing.objects.filter(state=Listing.State.ACTIVE, listed_until__lt=today).only("pk"):
        try:
            with transaction.atomic():
                listing_end(
                    listing=listing, state=Listing.State.EXPIRED, reason=_("The listing period is over.")
                )
            ended += 1
        except Exception:
            logger.exception("ending expired listing %s failed", listing.pk)
    return ended
