"""Triage (分拣) by the complaint centre, and placing a twice-returned case (supervisor)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Area, Bureau, Report, ReportMessage
from intake.selectors import area_lead
from intake.services import Errors, report_merge, report_message_post, report_status_set
from intake.triage.services import suggestion_decide
from workflow.models import Case, HistoryEntry
from workflow.process import PlacementDecision, TriageDecision
from workflow.services.cases import case_closed, reporter_language
from workflow.services.periods import ANSWER, answer_due, period_announce
from workflow.services.records import case_event
from workflow.services.tasks import case_of
from workflow.signals import CaseEvent

TEXT_MAX = 2000
HANDLING_KINDS = (Bureau.Kind.BUREAU, Bureau.Kind.GROUP, Bureau.Kind.MEMBER)


def executable(activation, user) -> None:
    """Refuse unless `user` is the assignee of the started task (viewflow does not check)."""
    if not activation.flow_task.can_execute(user, activation.task):
        raise PermissionDenied(_("This task is not assigned to you."))


def text_check(errors: Errors, field: str, value: str, required_message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, required_message)
    elif len(value) > TEXT_MAX:
        errors.add(field, _("The text is limited to %(n)d characters.") % {"n": TEXT_MAX})
    return value


def handling_bureau_check(errors: Errors, field: str, bureau: Bureau | None) -> None:
    if bureau is None:
        errors.add(field, _("Choose the bureau that handles the case."))
    elif not bureau.is_active or bureau.kind not in HANDLING_KINDS:
        errors.add(field, _("This bureau cannot handle cases."))


def case_triage(
    *,
    activation,
    user,
    action: str,
    area: Area | None = None,
    bureau: Bureau | None = None,
    merge_into: str = "",
    text: str = "",
    reason: str = "",
) -> Case:
    """Complete the triage task: dispatch (to the area's lead bureau unless `bureau` is
    given), ask the reporter (`text` is the question), merge into the open case `merge_into`,
    reject (`text` is the reason the reporter sees) or refer an emergency to 110 (`text`
    records what was passed on). `area` corrects the case's area; `reason` is recorded with a
    dispatch (an automatic dispatch's suggestion). Raises ValidationError and changes nothing
    on bad input."""
    executable(activation, user)
    case = case_of(activation)
    errors = Errors()
    target = None
    if action not in TriageDecision.values:
        errors.add("action", _("Choose what to do with the report."))
    if area is not None and not area.is_active:
        errors.add("area", _("This area no longer takes reports."))
    area = area or case.area
    if action == TriageDecision.DISPATCH:
        if area is None:
            errors.add("area", _("Choose the area before dispatching."))
        elif bureau is None:
            bureau = area_lead(area)
        handling_bureau_check(errors, "bureau", bureau)
    elif action == TriageDecision.ASK:
        text = text_check(errors, "text", text, _("Write the question for the reporter."))
    elif action == TriageDecision.MERGE:
        target = (
            Case.objects.select_related("report")
            .filter(reference=(merge_into or "").strip(), state=Case.State.OPEN)
            .exclude(pk=case.pk)
            .first()
        )
        if target is None:
            errors.add("merge_into", _("Give the reference of another open case."))
    elif action == TriageDecision.REJECT:
        text = text_check(errors, "text", text, _("Write the reason the reporter will see."))
    elif action == TriageDecision.EMERGENCY:
        text = text_check(errors, "text", text, _("Record what was passed to 110 and when."))
    errors.raise_if_any()

    with transaction.atomic():
        if area is not None and area != case.area:
            previous = case.area
            case.area = area
            case.save(update_fields=["area", "updated_at"])
            HistoryEntry.objects.create(
                case=case,
                event=HistoryEntry.Event.AREA_CORRECTED,
                actor=user,
                note=_("Area corrected from %(old)s to %(new)s.") % {"old": previous or "-", "new": area},
            )
        {
            TriageDecision.DISPATCH: lambda: _dispatch(case, user, bureau, reason=reason),
            TriageDecision.ASK: lambda: _ask(activation, case, user, text),
            TriageDecision.MERGE: lambda: _merge(case, user, target),
            TriageDecision.REJECT: lambda: _reject(case, user, text),
            TriageDecision.EMERGENCY: lambda: _emergency(case, user, text),
        }[action]()
        if action in (TriageDecision.DISPATCH, TriageDecision.REJECT):
            suggestion_decide(report=case.report, area=area, out_of_scope=action == TriageDecision.REJECT)
        activation.task.data["decision"] = action
        activation.execute()
    return case


def _dispatch(case: Case, user, bureau: Bureau, event: str = CaseEvent.DISPATCHED, reason: str = "") -> None:
    case.bureau = bureau
    case.dispatched_at = timezone.now()
    case.save(update_fields=["bureau", "dispatched_at", "updated_at"])
    with reporter_language(case.report):
        note = _("Your report was passed to %(bureau)s for handling.") % {"bureau": bureau}
    report_status_set(report=case.report, status=Report.Status.HANDLING, public_note=note, bureau=bureau)
    case_event(
        case=case,
        event=event,
        actor=user,
        bureau=bureau,
        note=f"{bureau}: {reason}" if reason else str(bureau),
    )


def _ask(activation, case: Case, user, question: str) -> None:
    report_message_post(report=case.report, kind=ReportMessage.Kind.QUESTION, text=question, author=user)
    case.stage = Case.Stage.AWAITING_REPORTER
    case.save(update_fields=["stage", "updated_at"])
    # Closed without an answer only once the city adopted a time to answer; until then the
    # case waits, and neither the officer nor the reporter is given a date.
    period_announce(period=ANSWER, case=case, due=answer_due(case=case))
    if case.report.status == Report.Status.RECEIVED:
        report_status_set(report=case.report, status=Report.Status.TRIAGE)
    case_event(case=case, event=CaseEvent.MORE_INFO_REQUESTED, actor=user, note=question)


def _merge(case: Case, user, target: Case) -> None:
    with reporter_language(case.report):
        note = _(
            "Your report concerns a matter already being handled under reference %(reference)s. "
            "You can follow its progress here with your receipt."
        ) % {"reference": target.reference}
    report_merge(report=case.report, into=target.report, public_note=note)
    case.state, case.stage, case.resolution = Case.State.CLOSED, Case.Stage.CLOSED, Case.Resolution.MERGED
    case.closed_at, case.due_at = timezone.now(), None
    case.save()
    case_event(case=case, event=CaseEvent.MERGED, actor=user, note=target.reference)
    case_event(case=case, event=CaseEvent.CLOSED, actor=user)
    HistoryEntry.objects.create(
        case=target,
        event=HistoryEntry.Event.MERGED,
        actor=user,
        note=_("Report %(reference)s was merged into this case.") % {"reference": case.reference},
    )


def _reject(case: Case, user, reason: str) -> None:
    with reporter_language(case.report):
        public = _("Your report was not accepted: %(reason)s") % {"reason": reason}
    case_event(case=case, event=CaseEvent.REJECTED, actor=user, note=reason)
    case_closed(case=case, resolution=Case.Resolution.REJECTED, actor=user, public=public)


def _emergency(case: Case, user, note: str) -> None:
    case.is_emergency = True
    with reporter_language(case.report):
        public = _(
            "Your report describes an emergency and was passed at once to the police emergency line 110."
        )
    case_event(case=case, event=CaseEvent.EMERGENCY, actor=user, note=note)
    case_closed(case=case, resolution=Case.Resolution.EMERGENCY, actor=user, public=public)


def case_place(*, activation, user, bureau: Bureau, note: str = "") -> Case:
    """A supervisor places a case its bureaus returned twice with the bureau that must handle it."""
    executable(activation, user)
    case = case_of(activation)
    errors = Errors()
    handling_bureau_check(errors, "bureau", bureau)
    errors.raise_if_any()
    with transaction.atomic():
        _dispatch(case, user, bureau, event=CaseEvent.PLACED)
        if note.strip():
            HistoryEntry.objects.create(
                case=case, event=HistoryEntry.Event.PLACED, actor=user, note=note.strip()
            )
        activation.task.data["decision"] = PlacementDecision.PLACE
        activation.execute()
    return case
