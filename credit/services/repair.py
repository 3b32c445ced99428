"""Credit repair (信用修复): apply with evidence, the lead bureau reviews, the credit office decides."""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from credit import deadlines
from credit.flows import RepairFlow
from credit.models import Listing, RepairApplication, RepairEvidence, Subject
from credit.services.listings import listing_end
from credit.services.subjects import id_number_hash
from credit.services.tasks import task_complete
from credit.signals import repair_decided
from intake import policies
from intake.evidence import evidence_check_all
from intake.policies import policy_adopted_value
from intake.receipts import receipt_hash, receipt_new
from intake.services import Errors
from intake.validators import (
    normalize_credit_code,
    normalize_id_number,
    validate_mobile_phone,
)

logger = logging.getLogger(__name__)

MAX_EVIDENCE = 5
STATEMENT_MIN, STATEMENT_MAX = 20, 5000
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class RepairSubmission:
    application: RepairApplication
    receipt: str


def repair_refusal_reason(listing: Listing, today=None) -> str | None:
    """Why the listing cannot be repaired now, or None when an application may go ahead."""
    if not listing.is_active:
        return _("This listing has already ended; there is nothing to repair.")
    today = today or timezone.localdate()
    possible_from = listing.repair_possible_from(repair_minimum_days(listing))
    if today < possible_from:
        return _(
            "Credit repair can be applied for from %(date)s, when the minimum listing period "
            "the sector's adopted policy sets has passed."
        ) % {"date": formats.date_format(possible_from, "Y-m-d")}
    return None


def repair_minimum_days(listing: Listing) -> int:
    """Days a listing lasts before repair may end it: only what the sector's adopted policy
    sets. The rules encourage quick repair and set no minimum (part 3(2)3)."""
    value = policy_adopted_value(policies.REPAIR_MINIMUM_DAYS, area=listing.area, default={})
    return int(value.get("days") or 0)


def _identifier_matches(subject: Subject, identifier: str) -> bool:
    if subject.credit_code:
        return normalize_credit_code(identifier) == subject.credit_code
    if subject.id_hash:
        number = normalize_id_number(identifier)
        return bool(number) and id_number_hash(number) == subject.id_hash
    return False


def _reference_new() -> str:
    year = timezone.localdate().year
    return f"XF-{year}-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def repair_apply(
    *,
    listing: Listing,
    subject_identifier: str,
    applicant_role: str,
    applicant_name: str,
    applicant_phone: str,
    corrections: Iterable[str],
    statement: str,
    evidence: Iterable = (),
) -> RepairSubmission:
    """Store an application with its evidence and give the lead bureau the review task.

    Raises ValidationError (field -> messages) and stores nothing on bad input, when the
    minimum listing period has not passed, or when another application is open.
    """
    errors = Errors()
    listing = Listing.objects.select_related("subject", "area").get(pk=listing.pk)
    refusal = repair_refusal_reason(listing)
    if refusal:
        errors.add("listing", refusal)
    elif RepairApplication.objects.filter(listing=listing, state__in=RepairApplication.OPEN_STATES).exists():
        errors.add("listing", _("An application for this listing is already being handled."))
    if not _identifier_matches(listing.subject, subject_identifier or ""):
        errors.add(
            "subject_identifier",
            _("This is not the credit code or identity number of the listed subject."),
        )
    if applicant_role not in RepairApplication.ApplicantRole.values:
        errors.add("applicant_role", _("Say whether you are the subject or its representative."))
    applicant_name = (applicant_name or "").strip()
    if not applicant_name:
        errors.add("applicant_name", _("Please give your name."))
    elif len(applicant_name) > 50:
        errors.add("applicant_name", _("A name is limited to 50 characters."))
    applicant_phone = errors.check("applicant_phone", validate_mobile_phone, applicant_phone or "")
    corrections = list(dict.fromkeys(corrections or []))
    if not corrections:
        errors.add("corrections", _("Say what was done to put things right."))
    elif any(c not in RepairApplication.Correction.values for c in corrections):
        errors.add("corrections", _("Choose from the listed kinds of correction."))
    statement = (statement or "").strip()
    if len(statement) < STATEMENT_MIN:
        errors.add(
            "statement", _("Describe what was done in at least %(n)d characters.") % {"n": STATEMENT_MIN}
        )
    elif len(statement) > STATEMENT_MAX:
        errors.add("statement", _("The description is limited to %(n)d characters.") % {"n": STATEMENT_MAX})
    uploads = list(evidence)
    checked, refused = evidence_check_all(uploads, limit=MAX_EVIDENCE)
    if not uploads:
        errors.add("evidence", _("Attach at least one document or photo proving the correction."))
    for message in refused:
        errors.add("evidence", message)
    errors.raise_if_any()

    receipt = receipt_new()
    stored = []
    try:
        with transaction.atomic():
            application = RepairApplication(
                reference=_reference_new(),
                receipt_hash=receipt_hash(receipt),
                listing=listing,
                applicant_role=applicant_role,
                applicant_name=applicant_name,
                applicant_phone=applicant_phone,
                corrections=corrections,
                statement=statement,
                due_at=deadlines.step_due(deadlines.REPAIR_REVIEW, area=listing.area),
            )
            application.save()
            for item in checked:
                row = RepairEvidence(
                    application=application,
                    content_type=item.content_type,
                    size=len(item.content),
                    sha256=item.sha256,
                )
                row.file.save(f"evidence.{item.extension}", ContentFile(item.content), save=False)
                stored.append(row.file)
                row.save()
            RepairFlow.start.run(artifact=application)
    except IntegrityError:
        _files_remove(stored)
        raise ValidationError(
            {"listing": [_("An application for this listing is already being handled.")]}
        ) from None
    except BaseException:
        _files_remove(stored)
        raise
    logger.info("credit repair application stored", extra={"application_id": application.pk})
    return RepairSubmission(application=application, receipt=receipt)


def _files_remove(files: list) -> None:
    for field_file in files:
        try:
            field_file.storage.delete(field_file.name)
        except OSError:
            logger.warning("could not remove an orphaned repair evidence file")


def _announce_decision(application: RepairApplication) -> None:
    application_id = application.pk
    transaction.on_commit(
        lambda: repair_decided.send(sender=RepairApplication, application_id=application_id)
    )


def repair_review(
    *, application: RepairApplication, user, recommend: bool, opinion: str
) -> RepairApplication:
    """The lead bureau recommends the application to the credit office, or refuses it with its reason."""
    opinion = (opinion or "").strip()
    if not opinion:
        raise ValidationError({"opinion": [_("Give your opinion; a refusal must say why.")]})
    if len(opinion) > 2000:
        raise ValidationError({"opinion": [_("The opinion is limited to 2000 characters.")]})

    def work(task):
        current = (
            RepairApplication.objects.select_for_update(of=("self",))
            .select_related("listing__area")
            .get(pk=application.pk)
        )
        now = timezone.now()
        current.review_opinion, current.reviewed_by, current.reviewed_at = opinion, user, now
        if recommend:
            current.state = RepairApplication.State.APPROVAL
            current.due_at = deadlines.step_due(deadlines.CREDIT_OFFICE_DECISION, area=current.listing.area)
            current.reminded_at = current.escalated_at = None
        else:
            current.state = RepairApplication.State.REFUSED
            current.refusal_reason = opinion
            current.decided_by, current.decided_at = user, now
            _announce_decision(current)
        current.save()

    task_complete(process_id=application.process_id, node=RepairFlow.review, user=user, work=work)
    application.refresh_from_db()
    return application


def repair_decide(
    *, application: RepairApplication, user, approve: bool, reason: str = ""
) -> RepairApplication:
    """The credit office approves (the listing ends, the publication is withdrawn, the measures'
    bureaus get lift tasks, a record says so) or refuses with a reason; a refusal changes nothing else."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": [_("Give the reason for the refusal.")]})
    if approve:
        refusal = repair_refusal_reason(application.listing)
        if refusal:
            raise ValidationError({"reason": [refusal]})

    def work(task):
        current = (
            RepairApplication.objects.select_for_update(of=("self",))
            .select_related("listing")
            .get(pk=application.pk)
        )
        current.decided_by, current.decided_at = user, timezone.now()
        if approve:
            current.state = RepairApplication.State.APPROVED
            listing_end(
                listing=current.listing,
                state=Listing.State.ENDED,
                reason=_("Credit repair approved (application %(reference)s).")
                % {"reference": current.reference},
                user=user,
                details={"repair_application": current.reference},
            )
        else:
            current.state = RepairApplication.State.REFUSED
            current.refusal_reason = reason
        current.save()
        _announce_decision(current)

    task_complete(process_id=application.process_id, node=RepairFlow.decide, user=user, work=work)
    application.refresh_from_db()
    return application
