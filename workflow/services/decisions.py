"""The decision (处理决定) and its follow-up: rectification checks, the referral to public
security, the reply to the reporter and a supervisor's review of a dispute."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake import policies
from intake.crypto import keyed_hash
from intake.models import Report, ReportMessage
from intake.policies import policy_adopted_value
from intake.services import Errors, report_message_post, report_status_set
from intake.validators import validate_credit_code, validate_id_number
from workflow import deadlines
from workflow.models import Case, HistoryEntry, Measure, Outcome, Step
from workflow.process import (
    DecideDecision,
    DisputeDecision,
    RectificationDecision,
    ReferralDecision,
    ReplyDecision,
)
from workflow.services.cases import reporter_language
from workflow.services.periods import rating_due
from workflow.services.records import case_event
from workflow.services.tasks import case_of
from workflow.services.triage import TEXT_MAX, executable, text_check
from workflow.signals import CaseEvent

Kind = Outcome.Kind
STRONGER = {
    Kind.PENALTY,
    Kind.BLACKLIST,
    Kind.REFERRAL,
    Kind.JUDICIAL_REFERRAL,
    Kind.EXPOSURE,
    Kind.ACCOUNTABILITY,
    Kind.SHUTDOWN,
    Kind.BAN,
}
# Education comes instead of these (rules, part 3(2)3), never beside them.
SANCTIONS = {Kind.PENALTY, Kind.BLACKLIST, Kind.REFERRAL, Kind.JUDICIAL_REFERRAL, Kind.BAN, Kind.EXPOSURE}
# Rules, area 15: illegal social organisations are banned (依法取缔).
SOCIAL_ORGANISATIONS_AREA = "illegal_social_orgs"
# Rules, area 3 (七个一律): a key person in breach is always listed, with the measures the
# rules apply to everyone (the others, such as demolition or freezing, only where they apply).
SEVEN_RULES_AREA = "fraud_blacklist_controls"
SEVEN_RULES_MEASURES = {
    "restrict_flights_trains",
    "restrict_luxury_consumption",
    "cancel_policy_subsidies",
    "cancel_medical_insurance_subsidy",
    "one_phone_number",
    "one_bank_account",
    "weekly_whereabouts",
    "restrict_exit",
}
DECIDABLE = [kind for kind in Kind.values if kind != Kind.INTERVIEW]


@dataclass
class OutcomeSpec:
    """One outcome of a decision, as the decide form or an API gives it."""

    kind: str
    summary: str = ""
    legal_basis: str = ""
    subject_kind: str = ""
    subject_name: str = ""
    subject_credit_code: str = ""
    subject_id_number: str = ""
    rectification_due: datetime.date | None = None
    decision_number: str = ""
    amount: Decimal | None = None
    decision_date: datetime.date | None = None
    measures: list[Measure] = field(default_factory=list)
    listed_until: datetime.date | None = None


def _outcome_check(errors: Errors, spec: OutcomeSpec) -> None:
    today = timezone.localdate()
    if spec.kind not in DECIDABLE:
        errors.add("kinds", _("Choose the outcomes of the decision."))
        return
    if spec.kind != Kind.UNFOUNDED and not spec.subject_name.strip():
        errors.add("subject_name", _("Name the subject the outcome applies to."))
    if spec.subject_kind and spec.subject_kind not in Report.SubjectKind.values:
        errors.add("subject_kind", _("Choose person, organisation or not known."))
    for name, validate in (
        ("subject_credit_code", validate_credit_code),
        ("subject_id_number", validate_id_number),
    ):
        value = getattr(spec, name)
        if value:
            try:
                setattr(spec, name, validate(value))
            except ValidationError as exc:
                for message in exc.messages:
                    errors.add(name, message)
    if spec.kind == Kind.RECTIFICATION and (
        spec.rectification_due is None or spec.rectification_due <= today
    ):
        errors.add("rectification_due", _("Give a rectification deadline after today."))
    if spec.kind == Kind.PENALTY:
        if not spec.decision_number.strip():
            errors.add("decision_number", _("Give the number of the penalty decision."))
        if spec.amount is None or spec.amount < 0:
            errors.add("amount", _("Give the amount of the penalty (zero or more)."))
        if spec.decision_date is None or spec.decision_date > today:
            errors.add("decision_date", _("Give the date of the penalty decision (not in the future)."))
    if spec.kind == Kind.BLACKLIST:
        if not spec.measures:
            errors.add("measures", _("Choose the joint-punishment measures."))
        if spec.listed_until is not None and spec.listed_until <= today:
            errors.add("listed_until", _("The listing must end after today."))
    if spec.kind in (Kind.EXPOSURE, Kind.UNFOUNDED, Kind.BAN) and not spec.summary.strip():
        errors.add("summary", _("Write the public summary."))
    if spec.kind == Kind.JUDICIAL_REFERRAL and not spec.summary.strip():
        errors.add("summary", _("Name the judicial organ and what was referred."))
    if spec.kind == Kind.EDUCATION and not spec.summary.strip():
        errors.add(
            "summary",
            _("Say why education comes instead of a sanction (minor, unintentional dishonesty or a minor)."),
        )
    if spec.kind == Kind.BAN and spec.subject_kind == Report.SubjectKind.PERSON:
        errors.add("subject_kind", _("Only an organisation is banned."))


def _seven_rules_check(errors: Errors, outcomes: list[OutcomeSpec]) -> None:
    listings = [spec for spec in outcomes if spec.kind == Kind.BLACKLIST]
    if not listings:
        errors.add("kinds", _("七个一律: a key person found in breach is always put on the blacklist."))
        return
    chosen = {measure.code for spec in listings for measure in spec.measures}
    missing = SEVEN_RULES_MEASURES - chosen
    if missing:
        names = Measure.objects.filter(code__in=missing).order_by("code").values_list("name", flat=True)
        errors.add(
            "measures",
            _("七个一律 applies these measures always: %(measures)s.") % {"measures": "、".join(names)},
        )


def _stronger_required(case: Case) -> bool:
    value = policy_adopted_value(policies.MISSED_RECTIFICATION_STRONGER, area=case.area, default={})
    return bool(value.get("required"))


def expected_close(*, case: Case, outcomes: list[Outcome], start: datetime.datetime) -> datetime.datetime:
    """When the reporter may expect the case closed after a decision: the rectification check
    after the latest rectification deadline, the police's acknowledgement of a referral, the
    reply and the reporter's time to rate (once the city adopted one), each in its working days."""
    rectification = [
        o.rectification_due for o in outcomes if o.kind == Kind.RECTIFICATION and o.rectification_due
    ]
    if rectification:
        start = deadlines.due_at(
            Step.RECTIFICATION_CHECK, area=case.area, start=deadlines.end_of_day(max(rectification))
        )
    if any(o.kind == Kind.REFERRAL for o in outcomes):
        start = deadlines.due_at(Step.POLICE_ACK, area=case.area, start=start)
    reply = deadlines.due_at(Step.REPLY, area=case.area, start=start)
    return rating_due(case=case, start=reply) or reply


def case_decide(*, activation, user, outcomes: list[OutcomeSpec]) -> list[Outcome]:
    """Record the decision: one Outcome per spec. After a missed rectification the rules ask
    for the interview (recorded at the check); a stronger outcome is required only where the
    city adopted that policy. Credit carries out blacklist measures on DECIDED."""
    executable(activation, user)
    case = case_of(activation)
    errors = Errors()
    kinds = {spec.kind for spec in outcomes}
    if not outcomes:
        errors.add("kinds", _("Choose the outcomes of the decision."))
    if Kind.UNFOUNDED in kinds and len(kinds) > 1:
        errors.add("kinds", _("A report found unfounded can have no other outcome."))
    if Kind.EDUCATION in kinds and kinds & SANCTIONS:
        errors.add("kinds", _("Education comes instead of a sanction, not beside one."))
    area_code = case.area.code if case.area_id else ""
    if Kind.BAN in kinds and area_code != SOCIAL_ORGANISATIONS_AREA:
        errors.add("kinds", _("Banning is the outcome for illegal social organisations (area 15)."))
    if area_code == SEVEN_RULES_AREA and outcomes and Kind.UNFOUNDED not in kinds:
        _seven_rules_check(errors, outcomes)
    missed = (
        Outcome.objects.filter(case=case, kind=Kind.RECTIFICATION, rectified=False)
        .order_by("-checked_at")
        .first()
    )
    answered = missed and Outcome.objects.filter(
        case=case, kind__in=STRONGER, decided_at__gt=missed.checked_at
    )
    if missed and not answered.exists() and not kinds & STRONGER and _stronger_required(case):
        errors.add("kinds", _("The rectification was missed: decide a stronger outcome."))
    for spec in outcomes:
        _outcome_check(errors, spec)
    errors.raise_if_any()

    now = timezone.now()
    created = []
    with transaction.atomic():
        for spec in outcomes:
            outcome = Outcome(
                case=case,
                kind=spec.kind,
                subject_kind=spec.subject_kind,
                subject_name=spec.subject_name.strip(),
                subject_credit_code=spec.subject_credit_code,
                subject_id_number=spec.subject_id_number,
                subject_id_hash=keyed_hash(spec.subject_id_number, purpose="id")
                if spec.subject_id_number
                else "",
                summary=spec.summary.strip(),
                legal_basis=spec.legal_basis.strip(),
                decided_at=now,
                decided_by=user,
            )
            if spec.kind == Kind.RECTIFICATION:
                outcome.rectification_due = spec.rectification_due
            elif spec.kind == Kind.PENALTY:
                outcome.decision_number, outcome.amount = spec.decision_number.strip(), spec.amount
                outcome.decision_date = spec.decision_date
                start = deadlines.end_of_day(spec.decision_date)
                outcome.publication_due_at = deadlines.due_at(Step.PUBLICATION, area=case.area, start=start)
            elif spec.kind == Kind.BLACKLIST:
                outcome.listed_until = spec.listed_until
            elif spec.kind == Kind.REFERRAL:
                outcome.referral_status = Outcome.ReferralStatus.PENDING
            outcome.full_clean(exclude=["subject_id_number", "decided_by"])
            outcome.save()
            if spec.kind == Kind.BLACKLIST:
                outcome.measures.set(spec.measures)
            created.append(outcome)
        # The follow-up tasks (check, referral, reply) bring their own deadlines; waiting for a
        # rectification deadline is not overdue.
        case.decided_at, case.stage, case.due_at = now, Case.Stage.DECIDED, None
        case.save(update_fields=["decided_at", "stage", "due_at", "updated_at"])
        with reporter_language(case.report):
            note = _("A decision was made on your report. A reply follows.")
        report_status_set(
            report=case.report,
            status=Report.Status.DECIDED,
            public_note=note,
            expected_at=expected_close(case=case, outcomes=created, start=now),
        )
        summary = ", ".join(str(outcome.get_kind_display()) for outcome in created)
        case_event(case=case, event=CaseEvent.DECIDED, actor=user, bureau=case.bureau, note=summary)
        activation.task.data["decision"] = DecideDecision.DECIDED
        activation.execute()
    return created


def rectification_next(*, activation) -> Outcome | None:
    """The earliest rectification order of the case not checked yet."""
    return (
        Outcome.objects.filter(
            case__process_id=activation.process.pk, kind=Kind.RECTIFICATION, rectified__isnull=True
        )
        .order_by("rectification_due", "pk")
        .first()
    )


def rectification_wait_until(*, activation) -> datetime.datetime:
    """The rectification is checked when its deadline day has passed."""
    outcome = rectification_next(activation=activation)
    return deadlines.end_of_day(outcome.rectification_due) if outcome else timezone.now()


def rectification_check(
    *,
    activation,
    user,
    rectified: bool,
    note: str = "",
    interview_date: datetime.date | None = None,
    interview_summary: str = "",
) -> Outcome:
    """Record whether the subject rectified in time. If not, record the interview (约谈) of
    its responsible person (rules, part 5.3); the case then returns to the decision."""
    executable(activation, user)
    outcome = rectification_next(activation=activation)
    errors = Errors()
    if outcome is None:
        errors.add("rectified", _("There is no rectification to check."))
    note = (note or "").strip()
    if len(note) > TEXT_MAX:
        errors.add("note", _("The text is limited to %(n)d characters.") % {"n": TEXT_MAX})
    if not rectified:
        interview_summary = text_check(
            errors,
            "interview_summary",
            interview_summary,
            _("Record the interview of the responsible person."),
        )
        if interview_date is None or interview_date > timezone.localdate():
            errors.add("interview_date", _("Give the date of the interview (not in the future)."))
    errors.raise_if_any()
    case = outcome.case
    with transaction.atomic():
        outcome.rectified, outcome.checked_at = rectified, timezone.now()
        outcome.save(update_fields=["rectified", "checked_at"])
        if not rectified:
            Outcome.objects.create(
                case=case,
                kind=Kind.INTERVIEW,
                subject_kind=outcome.subject_kind,
                subject_name=outcome.subject_name,
                subject_credit_code=outcome.subject_credit_code,
                subject_id_number=outcome.subject_id_number,
                subject_id_hash=outcome.subject_id_hash,
                summary=interview_summary,
                decision_date=interview_date,
                decided_at=timezone.now(),
                decided_by=user,
            )
        verdict = _("rectified") if rectified else _("not rectified; interview recorded")
        HistoryEntry.objects.create(
            case=case,
            event=HistoryEntry.Event.RECTIFICATION_CHECKED,
            actor=user,
            bureau=case.bureau,
            note=f"{outcome.subject_name}: {verdict}. {note}".strip(),
        )
        activation.task.data["decision"] = (
            RectificationDecision.MET if rectified else RectificationDecision.MISSED
        )
        activation.execute()
    return outcome


def referral_next(*, activation) -> Outcome | None:
    """The referral to public security still waiting for the police."""
    return (
        Outcome.objects.filter(
            case__process_id=activation.process.pk,
            kind=Kind.REFERRAL,
            referral_status=Outcome.ReferralStatus.PENDING,
        )
        .order_by("pk")
        .first()
    )


def referral_answer(
    *, activation, user, acknowledged: bool, police_case_number: str = "", note: str = ""
) -> Outcome:
    """Public security acknowledges the referral with its case number, or sends it back
    with a reason; a referral sent back returns to the decision."""
    executable(activation, user)
    outcome = referral_next(activation=activation)
    errors = Errors()
    if outcome is None:
        errors.add("acknowledged", _("There is no referral waiting."))
    police_case_number, note = (police_case_number or "").strip(), (note or "").strip()
    if acknowledged and not police_case_number:
        errors.add("police_case_number", _("Give the police case number."))
    if len(police_case_number) > 100:
        errors.add("police_case_number", _("The case number is limited to 100 characters."))
    if not acknowledged:
        note = text_check(errors, "note", note, _("Write why the referral is sent back."))
    errors.raise_if_any()
    with transaction.atomic():
        outcome.referral_status = (
            Outcome.ReferralStatus.ACKNOWLEDGED if acknowledged else Outcome.ReferralStatus.SENT_BACK
        )
        outcome.police_case_number, outcome.referral_note = police_case_number, note
        outcome.save(update_fields=["referral_status", "police_case_number", "referral_note"])
        HistoryEntry.objects.create(
            case=outcome.case,
            event=HistoryEntry.Event.REFERRAL_ANSWERED,
            actor=user,
            bureau=outcome.case.bureau,
            note=f"{outcome.get_referral_status_display()}: {police_case_number or note}",
        )
        activation.task.data["decision"] = (
            ReferralDecision.ACKNOWLEDGE if acknowledged else ReferralDecision.SEND_BACK
        )
        activation.execute()
    return outcome


def case_reply(*, activation, user, text: str) -> Case:
    """Reply to the reporter in words they can read; they may then rate the handling."""
    executable(activation, user)
    case = case_of(activation)
    errors = Errors()
    text = text_check(errors, "text", text, _("Write the reply to the reporter."))
    errors.raise_if_any()
    with transaction.atomic():
        report_message_post(report=case.report, kind=ReportMessage.Kind.REPLY, text=text, author=user)
        case.stage = Case.Stage.REPLIED
        # Closed at the latest when the reporter's time to rate runs out, once the city adopted
        # such a period; until then the case waits for the rating and no date is promised.
        case.due_at = rating_due(case=case)
        case.save(update_fields=["stage", "due_at", "updated_at"])
        report_status_set(
            report=case.report,
            status=case.report.status,
            expected_at=case.due_at,
            expected_unknown=case.due_at is None,
        )
        case_event(case=case, event=CaseEvent.REPLIED, actor=user, bureau=case.bureau)
        activation.task.data["decision"] = ReplyDecision.REPLIED
        activation.execute()
    return case


def dispute_review(*, activation, user, reopen: bool, note: str) -> Case:
    """A supervisor confirms the closure of a disputed case or reopens its investigation."""
    executable(activation, user)
    case = case_of(activation)
    errors = Errors()
    note = text_check(errors, "note", note, _("Write the reason for your decision."))
    errors.raise_if_any()
    with transaction.atomic():
        if reopen:
            case.reopened += 1
            case.investigation_due_at = deadlines.due_at(Step.INVESTIGATE, area=case.area)
            case.save(update_fields=["reopened", "investigation_due_at", "updated_at"])
            with reporter_language(case.report):
                public = _("Your case is being investigated again.")
            report_status_set(
                report=case.report,
                status=Report.Status.HANDLING,
                public_note=public,
                expected_at=case.investigation_due_at,
            )
            case_event(case=case, event=CaseEvent.REOPENED, actor=user, note=note)
        else:
            HistoryEntry.objects.create(case=case, event=HistoryEntry.Event.DISPUTED, actor=user, note=note)
        activation.task.data["decision"] = DisputeDecision.REOPEN if reopen else DisputeDecision.CONFIRM
        activation.execute()
    return case
