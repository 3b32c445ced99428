"""The handling bureau signs for or returns a case, investigates, asks other bureaus for
help and asks a supervisor for more time."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Report
from intake.services import Errors, report_status_set
from workflow import deadlines
from workflow.models import (
    AssistanceRequest,
    Case,
    EvidenceNote,
    Extension,
    HistoryEntry,
    Step,
)
from workflow.process import AssistDecision, ExtensionDecision, InvestigateDecision, SignDecision
from workflow.services.cases import reporter_language
from workflow.services.records import case_event
from workflow.services.tasks import case_of, decision_of
from workflow.services.triage import HANDLING_KINDS, TEXT_MAX, executable, text_check
from workflow.signals import CaseEvent

EXTENSION_MAX_DAYS = 30
FINDINGS_MAX = 20000


def case_sign(*, activation, user, decision: str, reason: str = "") -> Case:
    """Sign for the case (its investigation deadline starts) or return it with a reason."""
    executable(activation, user)
    case = case_of(activation)
    errors = Errors()
    if decision not in SignDecision.values:
        errors.add("decision", _("Sign for the case or return it."))
    if decision == SignDecision.RETURN:
        reason = text_check(errors, "reason", reason, _("Write why the case does not belong to your bureau."))
    errors.raise_if_any()
    with transaction.atomic():
        if decision == SignDecision.SIGN:
            case.signed_at = timezone.now()
            case.investigation_due_at = deadlines.due_at(Step.INVESTIGATE, area=case.area)
            case.save(update_fields=["signed_at", "investigation_due_at", "updated_at"])
            with reporter_language(case.report):
                note = _("Your report is being investigated by %(bureau)s.") % {"bureau": case.bureau}
            report_status_set(
                report=case.report,
                status=Report.Status.HANDLING,
                public_note=note,
                expected_at=case.investigation_due_at,
            )
            case_event(case=case, event=CaseEvent.SIGNED, actor=user, bureau=case.bureau)
        else:
            returned_by = case.bureau
            case.returns += 1
            case.bureau = None
            case.save(update_fields=["returns", "bureau", "updated_at"])
            case_event(case=case, event=CaseEvent.RETURNED, actor=user, bureau=returned_by, note=reason)
        activation.task.data.update({"decision": decision, "reason": reason})
        activation.execute()
    return case


def case_needs_placement(*, activation) -> bool:
    """After a return: the second and every later return goes to a supervisor."""
    if decision_of(activation) != SignDecision.RETURN:
        return False
    return Case.objects.filter(process_id=activation.process.pk, returns__gte=2).exists()


def _findings_record(case: Case, user, findings: str, evidence_note: str) -> None:
    findings = (findings or "").strip()
    if findings != case.findings:
        case.findings = findings
        case.save(update_fields=["findings", "updated_at"])
        HistoryEntry.objects.create(
            case=case, event=HistoryEntry.Event.FINDINGS, actor=user, bureau=case.bureau
        )
    if evidence_note:
        EvidenceNote.objects.create(case=case, author=user, text=evidence_note)


def _findings_check(errors: Errors, findings: str, evidence_note: str) -> tuple[str, str]:
    findings, evidence_note = (findings or "").strip(), (evidence_note or "").strip()
    if len(findings) > FINDINGS_MAX:
        errors.add("findings", _("The findings are limited to %(n)d characters.") % {"n": FINDINGS_MAX})
    if len(evidence_note) > TEXT_MAX:
        errors.add("evidence_note", _("The text is limited to %(n)d characters.") % {"n": TEXT_MAX})
    return findings, evidence_note


def case_findings_save(*, activation, user, findings: str, evidence_note: str = "") -> Case:
    """Save the findings and an evidence note without finishing the investigation task."""
    executable(activation, user)
    case = case_of(activation)
    errors = Errors()
    findings, evidence_note = _findings_check(errors, findings, evidence_note)
    errors.raise_if_any()
    with transaction.atomic():
        _findings_record(case, user, findings, evidence_note)
    return case


def case_investigate(
    *,
    activation,
    user,
    next_step: str,
    findings: str = "",
    evidence_note: str = "",
    bureaus=(),
    question: str = "",
    working_days: int | None = None,
    reason: str = "",
) -> Case:
    """Finish this round of the investigation: ask `bureaus` for their opinion on
    `question`, ask a supervisor for `working_days` more (with `reason`), or go on to the
    decision (findings required)."""
    executable(activation, user)
    case = case_of(activation)
    errors = Errors()
    findings, evidence_note = _findings_check(errors, findings, evidence_note)
    bureaus = list(bureaus or [])
    if next_step not in InvestigateDecision.values:
        errors.add("next_step", _("Choose the next step."))
    elif next_step == InvestigateDecision.ASSIST:
        if not bureaus:
            errors.add("bureaus", _("Choose at least one bureau to ask."))
        for bureau in bureaus:
            if bureau.pk == case.bureau_id or not bureau.is_active or bureau.kind not in HANDLING_KINDS:
                errors.add("bureaus", _("%(bureau)s cannot be asked for assistance.") % {"bureau": bureau})
        question = text_check(errors, "question", question, _("Write what you ask the other bureaus."))
    elif next_step == InvestigateDecision.EXTEND:
        if not isinstance(working_days, int) or not 1 <= working_days <= EXTENSION_MAX_DAYS:
            errors.add("working_days", _("Ask for 1 to %(n)d working days.") % {"n": EXTENSION_MAX_DAYS})
        reason = text_check(errors, "reason", reason, _("Write why more time is needed."))
    elif next_step == InvestigateDecision.DECIDE and not findings:
        errors.add("findings", _("Record the findings before deciding."))
    errors.raise_if_any()

    with transaction.atomic():
        _findings_record(case, user, findings, evidence_note)
        if next_step == InvestigateDecision.ASSIST:
            requests = [
                AssistanceRequest(case=case, bureau=bureau, question=question, requested_by=user)
                for bureau in bureaus
            ]
            AssistanceRequest.objects.bulk_create(requests)
            case_event(
                case=case,
                event=CaseEvent.ASSISTANCE_REQUESTED,
                actor=user,
                bureau=case.bureau,
                note=", ".join(str(bureau) for bureau in bureaus),
            )
        elif next_step == InvestigateDecision.EXTEND:
            Extension.objects.create(
                case=case,
                working_days=working_days,
                reason=reason,
                requested_by=user,
                previous_due_at=case.investigation_due_at,
            )
            case_event(
                case=case, event=CaseEvent.EXTENSION_REQUESTED, actor=user, bureau=case.bureau, note=reason
            )
        activation.task.data["decision"] = next_step
        activation.execute()
    return case


def assistance_task_data(*, activation) -> list[dict]:
    """One task per unanswered assistance request of the case (the split's data source)."""
    return [
        {"assistance_id": pk, "bureau_id": bureau_id}
        for pk, bureau_id in AssistanceRequest.objects.filter(
            case__process_id=activation.process.pk, answered_at__isnull=True
        )
        .order_by("pk")
        .values_list("pk", "bureau_id")
    ]


def assistance_answer(*, activation, user, opinion: str) -> AssistanceRequest:
    """An officer of the asked bureau gives its opinion; the lead bureau sees all answers."""
    executable(activation, user)
    request = AssistanceRequest.objects.select_related("case", "bureau").get(
        pk=activation.task.data["assistance_id"]
    )
    errors = Errors()
    opinion = text_check(errors, "opinion", opinion, _("Write your bureau's opinion."))
    if request.answered_at is not None:
        errors.add("opinion", _("This request was answered already."))
    errors.raise_if_any()
    with transaction.atomic():
        request.opinion, request.answered_by, request.answered_at = opinion, user, timezone.now()
        request.save(update_fields=["opinion", "answered_by", "answered_at"])
        case_event(case=request.case, event=CaseEvent.ASSISTANCE_ANSWERED, actor=user, bureau=request.bureau)
        activation.task.data["decision"] = AssistDecision.ANSWERED
        activation.execute()
    return request


def extension_decide(*, activation, user, approved: bool, note: str = "") -> Extension:
    """A supervisor approves (the investigation deadline moves) or refuses an extension."""
    executable(activation, user)
    case = case_of(activation)
    extension = case.extension_requests.filter(approved__isnull=True).order_by("-pk").first()
    errors = Errors()
    note = (note or "").strip()
    if extension is None:
        errors.add("approved", _("There is no extension request to decide."))
    if not approved and not note:
        errors.add("note", _("Write why the extension is refused."))
    if len(note) > TEXT_MAX:
        errors.add("note", _("The text is limited to %(n)d characters.") % {"n": TEXT_MAX})
    errors.raise_if_any()
    with transaction.atomic():
        extension.approved, extension.decision_note = approved, note
        extension.decided_by, extension.decided_at = user, timezone.now()
        if approved:
            start = case.investigation_due_at or timezone.now()
            new_due = deadlines.end_of_day(
                deadlines.working_days_add(timezone.localtime(start).date(), extension.working_days)
            )
            extension.new_due_at = new_due
            case.investigation_due_at = new_due
            case.extensions += 1
            case.save(update_fields=["investigation_due_at", "extensions", "updated_at"])
            report_status_set(report=case.report, status=case.report.status, expected_at=new_due)
        extension.save()
        verdict = _("approved") if approved else _("refused")
        case_event(
            case=case, event=CaseEvent.EXTENSION_DECIDED, actor=user, note=f"{verdict}: {note}".strip(": ")
        )
        activation.task.data["decision"] = (
            ExtensionDecision.APPROVED if approved else ExtensionDecision.REFUSED
        )
        activation.execute()
    return extension
