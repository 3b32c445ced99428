"""The red list (守信红名单): proposed by a bureau, approved by the credit office."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import deadlines
from credit.flows import RedListFlow
from credit.models import CreditRecord, Incentive, Listing, RedListEntry, Subject
from credit.services.records import record_write
from credit.services.subjects import subject_resolve
from credit.services.tasks import task_complete
from intake import policies
from intake.models import Area
from intake.policies import policy_adopted_value
from intake.services import Errors
from intake.validators import validate_credit_code, validate_id_number
from workflow.models import Officer
from workflow.selectors import officer_of


@transaction.atomic
def redlist_propose(
    *,
    user,
    subject_kind: str,
    name: str,
    credit_code: str = "",
    id_number: str = "",
    area: Area | None = None,
    reason: str,
    incentives: list[Incentive],
    valid_until: datetime.date,
) -> RedListEntry:
    """A bureau officer proposes a subject for the red list; the credit office gets the task.

    Raises PermissionDenied for anyone but a bureau's officer or head, ValidationError (a
    dict of field -> messages) for bad input; nothing is stored then.
    """
    officer = officer_of(user)
    if officer is None or officer.role not in (Officer.Role.OFFICER, Officer.Role.HEAD):
        raise PermissionDenied
    errors = Errors()
    name = (name or "").strip()
    if not name:
        errors.add("name", _("Give the subject's name."))
    elif len(name) > 200:
        errors.add("name", _("A name is limited to 200 characters."))
    if subject_kind == Subject.Kind.ORGANISATION:
        if not credit_code:
            errors.add("credit_code", _("Give the organisation's unified social credit code."))
        else:
            credit_code = errors.check("credit_code", validate_credit_code, credit_code)
        id_number = ""
    elif subject_kind == Subject.Kind.PERSON:
        if not id_number:
            errors.add("id_number", _("Give the person's identity number."))
        else:
            id_number = errors.check("id_number", validate_id_number, id_number)
        credit_code = ""
    else:
        errors.add("subject_kind", _("Choose person or organisation."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        errors.add("reason", _("Explain in at least 10 characters why the subject deserves it."))
    elif len(reason) > 2000:
        errors.add("reason", _("The reason is limited to 2000 characters."))
    incentives = [i for i in incentives if i.is_active]
    if not incentives:
        errors.add("incentives", _("Choose at least one incentive."))
    today = timezone.localdate()
    if valid_until is None or valid_until <= today:
        errors.add("valid_until", _("The end date must be in the future."))
    else:
        years = policy_adopted_value(policies.RED_LIST_MAX_YEARS, area=area, default={}).get("years")
        if years and valid_until > today + datetime.timedelta(days=years * 366):
            errors.add("valid_until", _("A red-list entry lasts at most %(n)d years.") % {"n": years})
    errors.raise_if_any()

    subject = subject_resolve(kind=subject_kind, name=name, credit_code=credit_code, id_number=id_number)
    if Listing.objects.filter(subject=subject, state=Listing.State.ACTIVE).exists():
        errors.add("name", _("This subject is on the blacklist and cannot be put on the red list."))
    if RedListEntry.objects.filter(
        subject=subject, state__in=[RedListEntry.State.PROPOSED, RedListEntry.State.APPROVED]
    ).exists():
        errors.add("name", _("This subject is already on the red list or proposed for it."))
    errors.raise_if_any()

    entry = RedListEntry(
        subject=subject,
        area=area,
        bureau=officer.bureau,
        reason=reason,
        valid_until=valid_until,
        proposed_by=user,
        due_at=deadlines.step_due(deadlines.CREDIT_OFFICE_DECISION, area=area),
    )
    entry.full_clean(exclude=["process"])
    entry.save()
    entry.incentives.set(incentives)
    RedListFlow.start.run(artifact=entry)
    return entry


def redlist_decide(*, entry: RedListEntry, user, approve: bool, reason: str = "") -> RedListEntry:
    """The credit office approves the entry (it goes public, with a record) or refuses it with a reason."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": [_("Give the reason for the refusal.")]})

    def work(task):
        current = (
            RedListEntry.objects.select_for_update(of=("self",))
            .select_related("subject", "area", "bureau")
            .get(pk=entry.pk)
        )
        now = timezone.now()
        current.decided_by, current.decided_at = user, now
        if approve:
            current.state = RedListEntry.State.APPROVED
            record_write(
                subject=current.subject,
                kind=CreditRecord.Kind.RED_LIST,
                occurred_at=now,
                event_key=f"redlist:{current.pk}:approved",
                bureau=current.bureau,
                area=current.area,
                summary=current.reason,
                details={"incentives": list(current.incentives.values_list("code", flat=True))},
                valid_until=current.valid_until,
                created_by=user,
            )
        else:
            current.state = RedListEntry.State.REFUSED
            current.refusal_reason = reason
        current.save()

    task_complete(process_id=entry.process_id, node=RedListFlow.decide, user=user, work=work)
    entry.refresh_from_db()
    return entry


def redlist_end(*, entry: RedListEntry, reason: str) -> None:
    """Take an approved entry off the red list, with a record."""
    if entry.state != RedListEntry.State.APPROVED:
        return
    now = timezone.now()
    entry.state = RedListEntry.State.ENDED
    entry.ended_at = now
    entry.end_reason = reason
    entry.save(update_fields=["state", "ended_at", "end_reason"])
    record_write(
        subject=entry.subject,
        kind=CreditRecord.Kind.RED_LIST_ENDED,
        occurred_at=now,
        event_key=f"redlist:{entry.pk}:ended",
        bureau=entry.bureau,
        area=entry.area,
        summary=reason,
        concerns=CreditRecord.objects.filter(event_key=f"redlist:{entry.pk}:approved").first(),
    )


def redlist_expire(*, today: datetime.date | None = None) -> int:
    """End every red-list entry past its date. Returns how many."""
    today = today or timezone.localdate()
    count = 0
    for entry in RedListEntry.objects.filter(state=RedListEntry.State.APPROVED, valid_until__lt=today):
        with transaction.atomic():
            redlist_end(entry=entry, reason=_("The red-list period is over."))
        count += 1
    return count
