"""Publishing penalty decisions and blacklist listings within 7 working days (公示)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import deadlines
from credit.flows import PublicationFlow
from credit.models import Listing, Publication, Subject
from credit.services.tasks import task_complete
from intake import policies
from intake.policies import policy_adopted_value
from workflow.models import Case, Outcome


def publication_open(
    *, outcome: Outcome, case: Case, subject: Subject, listing: Listing | None = None
) -> Publication:
    """Snapshot the public text of a decision and give its bureau the task to publish it.

    Idempotent: the outcome's publication is returned when it exists. Called inside the
    transaction that applies the decision.
    """
    existing = Publication.objects.filter(outcome=outcome).first()
    if existing is not None:
        return existing
    decided_on = timezone.localtime(outcome.decided_at).date()
    due = outcome.publication_due_at or deadlines.step_due(
        deadlines.PUBLISH, area=case.area, start=outcome.decided_at
    )
    if listing:
        kind = Publication.Kind.BLACKLIST
    elif outcome.kind == Outcome.Kind.BAN:
        kind = Publication.Kind.BANNED
    else:
        kind = Publication.Kind.PENALTY
    # A listing is shown while it lasts; a penalty as long as an adopted policy says, else
    # until withdrawn: the rules set no period.
    shown = policy_adopted_value(policies.PENALTY_SHOWN_DAYS, area=case.area, default={})
    if listing:
        valid_until = listing.listed_until
    elif kind == Publication.Kind.BANNED:  # the list of banned organisations keeps them
        valid_until = None
    elif shown.get("days"):  # counted from the penalty decision, as its 公示截止期
        valid_until = (outcome.decision_date or decided_on) + datetime.timedelta(days=shown["days"])
    else:
        valid_until = None
    publication = Publication(
        kind=kind,
        outcome=outcome,
        case=case,
        subject=subject,
        listing=listing,
        area=case.area,
        bureau=case.bureau,
        subject_kind=subject.kind,
        public_name=subject.public_name or subject.name or "-",
        public_identifier=subject.public_identifier,
        credit_code=subject.credit_code,
        id_hash=subject.id_hash,
        summary=outcome.summary,
        legal_basis=outcome.legal_basis,
        decision_number=outcome.decision_number,
        amount=outcome.amount,
        decision_date=outcome.decision_date or decided_on,
        valid_until=valid_until,
        due_at=due,
    )
    publication.full_clean(exclude=["outcome", "listing", "process"])
    publication.save()
    Outcome.objects.filter(pk=outcome.pk, publication_due_at__isnull=True).update(publication_due_at=due)
    PublicationFlow.start.run(artifact=publication)
    return publication


def publication_publish(*, publication: Publication, user, summary: str | None = None) -> Publication:
    """The bureau publishes the decision (with its public summary checked). A publication
    withdrawn meanwhile closes the task without being published."""
    if summary is not None:
        summary = summary.strip()
        if not summary:
            raise ValidationError({"summary": [_("Write the decision as the public will read it.")]})
        if len(summary) > 2000:
            raise ValidationError({"summary": [_("The public summary is limited to 2000 characters.")]})

    def work(task):
        current = Publication.objects.select_for_update(of=("self",)).get(pk=publication.pk)
        if current.state != Publication.State.PENDING:
            return
        now = timezone.now()
        current.state = Publication.State.PUBLISHED
        current.published_at = now
        current.published_by = user
        if summary is not None:
            current.summary = summary
        current.save(update_fields=["state", "published_at", "published_by", "summary"])
        if current.outcome_id:
            Outcome.objects.filter(pk=current.outcome_id).update(published_at=now)

    task_complete(process_id=publication.process_id, node=PublicationFlow.publish, user=user, work=work)
    publication.refresh_from_db()
    return publication


def publication_withdraw(*, publication: Publication, reason: str) -> None:
    """Take a publication off the public pages (its listing ended); a pending one is never shown."""
    if publication.state == Publication.State.WITHDRAWN:
        return
    publication.state = Publication.State.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.withdrawal_reason = reason
    publication.save(update_fields=["state", "withdrawn_at", "withdrawal_reason"])
