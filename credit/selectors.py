"""Reads with a rule in them: what the public may see, a subject's history, whose task is whose."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from credit.models import (
    CreditEvaluation,
    CreditRecord,
    Enforcement,
    Listing,
    OrganisationWarning,
    Publication,
    RedListEntry,
    RepairApplication,
    RepairEvidence,
    SectorPolicy,
    Subject,
    SubjectReport,
)
from credit.services.subjects import id_number_hash
from credit.services.tasks import task_bureau_id
from intake.models import Area, Bureau, Report
from intake.receipts import receipt_hash, receipt_is_well_formed
from intake.validators import (
    normalize_credit_code,
    normalize_id_number,
    validate_credit_code,
    validate_id_number,
)
from workflow.models import Case
from workflow.permissions import bureau_permission
from workflow.registry import TaskFacts
from workflow.selectors import tasks_open_for

CREDIT_OFFICE_CODE = "ndrc"
_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")


def credit_office() -> Bureau:
    """The city's credit office (市发改委): it approves red-list entries and credit repair."""
    return Bureau.objects.get(code=CREDIT_OFFICE_CODE)


# --- Public pages ------------------------------------------------------------------------


def is_id_number(query: str) -> bool:
    """A real resident ID number (check digit, birth date, region) that is not also a valid
    credit code (an all-digit code passes the ID pattern)."""
    number = normalize_id_number(query)
    if not _ID_NUMBER.match(number):
        return False
    try:
        validate_id_number(number)
    except ValidationError:
        return False
    try:
        validate_credit_code(number)
    except ValidationError:
        return True
    return False


def search_condition(query: str, person: str = "") -> Q | None:
    """A credit code or an ID number (or its keyed hash, `person`) is an exact, indexed
    lookup; anything else a name search."""
    if person:
        return Q(id_hash=person)
    query = (query or "").strip()
    if not query:
        return None
    code = normalize_credit_code(query)
    if is_id_number(query):
        return Q(id_hash=id_number_hash(normalize_id_number(query)))
    if _CODE.match(code):
        return Q(credit_code=code)
    return Q(public_name__icontains=query[:100])


def public_publications(
    *,
    kind: str | None = None,
    area: Area | None = None,
    bureau: Bureau | None = None,
    query: str = "",
    person: str = "",
) -> QuerySet[Publication]:
    """Published penalty decisions and listings still shown (newest first): what anyone may see."""
    today = timezone.localdate()
    publications = Publication.objects.filter(state=Publication.State.PUBLISHED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if kind:
        publications = publications.filter(kind=kind)
    if area is not None:
        publications = publications.filter(area=area)
    if bureau is not None:
        publications = publications.filter(bureau=bureau)
    condition = search_condition(query, person)
    if condition is not None:
        publications = publications.filter(condition)
    return publications.select_related("area", "bureau").order_by("-published_at", "-pk")


def public_publication_get(*, pk: int) -> Publication | None:
    """One publication with its measures, if it is public now, else None (callers answer 404)."""
    enforcements = Enforcement.objects.select_related("measure", "bureau").order_by("measure__code")
    return (
        public_publications()
        .select_related("listing")
        .prefetch_related(Prefetch("listing__enforcements", queryset=enforcements))
        .filter(pk=pk)
        .first()
    )


def public_red_list(*, area: Area | None = None, query: str = "", person: str = "") -> QuerySet[RedListEntry]:
    """Approved red-list entries still valid, with their incentives."""
    entries = RedListEntry.objects.filter(
        state=RedListEntry.State.APPROVED, valid_until__gte=timezone.localdate()
    )
    if area is not None:
        entries = entries.filter(area=area)
    condition = search_condition(query, person)
    if condition is not None:
        entries = entries.filter(subject__in=Subject.objects.filter(condition).values("pk"))
    return (
        entries.select_related("subject", "area", "bureau")
        .prefetch_related("incentives")
        .order_by("-decided_at", "-pk")
    )


def public_red_list_entry_get(*, pk: int) -> RedListEntry | None:
    return public_red_list().filter(pk=pk).first()


def sector_policies() -> QuerySet[SectorPolicy]:
    """Each active area's listing criteria and exit procedure, in the order of the rules."""
    return SectorPolicy.objects.filter(area__is_active=True).select_related("area").order_by("area__number")


def filter_choices() -> tuple[list[Area], list[Bureau]]:
    """Areas and the bureaus that have published something, for the public filters."""
    areas = list(Area.objects.filter(is_active=True).order_by("number"))
    bureau_ids = Publication.objects.filter(state=Publication.State.PUBLISHED).values("bureau_id")
    bureaus = list(Bureau.objects.filter(pk__in=bureau_ids).order_by("code"))
    return areas, bureaus


# --- Staff: a subject's history on the case page --------------------------------------


@dataclass
class SubjectHistory:
    subject: Subject
    reports: list[Report] = field(default_factory=list)
    records: list[CreditRecord] = field(default_factory=list)
    listed: bool = False
    red_listed: bool = False


def subject_history(*, case: Case) -> list[SubjectHistory]:
    """For each subject the case names: its other reports (with their cases), its credit
    records and whether it is listed now. A fixed number of queries, whatever the history.

    Only references, dates, areas, bureaus and stages of other cases: never their texts or
    reporters. The caller has already checked that the user may see `case`.
    """
    report = case.report
    outcomes = list(case.outcomes.values_list("subject_credit_code", "subject_id_hash"))
    codes = {normalize_credit_code(code) for code, _ in outcomes if code}
    if report.subject_credit_code:
        codes.add(normalize_credit_code(report.subject_credit_code))
    hashes = {id_hash for _, id_hash in outcomes if id_hash}
    # One indexed lookup per key, united: an OR of the keys across the links' and records'
    # joins reads every subject with all its links and records.
    keyed = [CreditRecord.objects.filter(case_id=case.pk).values("subject_id").order_by()]
    if codes:
        keyed.append(Subject.objects.filter(credit_code__in=codes).values("pk").order_by())
    if hashes:
        keyed.append(Subject.objects.filter(id_hash__in=hashes).values("pk").order_by())
    linked = SubjectReport.objects.filter(report_id=report.pk).values("subject_id").order_by().union(*keyed)
    subjects = list(Subject.objects.filter(pk__in=linked).order_by("pk"))
    if not subjects:
        return []
    histories = {subject.pk: SubjectHistory(subject=subject) for subject in subjects}

    reports_by_subject: dict[int, dict[int, Report]] = {pk: {} for pk in histories}
    related = ("area", "case", "case__bureau")
    for link in (
        SubjectReport.objects.filter(subject__in=subjects)
        .exclude(report_id=report.pk)
        .select_related(*(f"report__{name}" for name in related), "report")
    ):
        reports_by_subject[link.subject_id][link.report_id] = link.report
    by_code = {s.credit_code: s.pk for s in subjects if s.credit_code}
    if by_code:
        for other in (
            Report.objects.filter(subject_credit_code__in=by_code)
            .exclude(pk=report.pk)
            .select_related(*related)
        ):
            reports_by_subject[by_code[other.subject_credit_code]][other.pk] = other
    for pk, reports in reports_by_subject.items():
        histories[pk].reports = sorted(reports.values(), key=lambda r: r.created_at, reverse=True)

    for record in (
        CreditRecord.objects.filter(subject__in=subjects)
        .select_related("case", "bureau", "area", "superseded_by")
        .order_by("-occurred_at", "-pk")
    ):
        histories[record.subject_id].records.append(record)
    for subject_id in Listing.objects.filter(subject__in=subjects, state=Listing.State.ACTIVE).values_list(
        "subject_id", flat=True
    ):
        histories[subject_id].listed = True
    for subject_id in RedListEntry.objects.filter(
        subject__in=subjects, state=RedListEntry.State.APPROVED
    ).values_list("subject_id", flat=True):
        histories[subject_id].red_listed = True
    return list(histories.values())


# --- Staff: credit tasks ---------------------------------------------------------------


def credit_task_list(*, user) -> QuerySet[Task]:
    """Open credit tasks the user holds, or may take because they wait for the user's bureau
    (the workbench's rule, `workflow.selectors.tasks_open_for`)."""
    from credit.flows import CREDIT_FLOWS  # noqa: PLC0415  the flows' permissions read this module

    return tasks_open_for(user=user, flows=CREDIT_FLOWS)


def credit_task_get(*, user, task_id: int) -> Task | None:
    """One open credit task if the user holds it or may take it, else None (callers answer 404)."""
    return credit_task_list(user=user).filter(pk=task_id).first()


def tasks_with_artifacts(tasks) -> list[Task]:
    """Attach each task's row (publication, enforcement, application, entry) as `.artifact_row`."""
    tasks = list(tasks)
    by_flow: dict = {}
    for task in tasks:
        by_flow.setdefault(task.flow_task.flow_class, []).append(task)
    for flow_class, flow_tasks in by_flow.items():
        rows = flow_class.artifact_model.objects.select_related(*flow_class.artifact_related).in_bulk(
            [t.process_id for t in flow_tasks], field_name="process_id"
        )
        for task in flow_tasks:
            task.artifact_row = rows.get(task.process_id)
    return tasks


def task_facts(tasks) -> dict[int, TaskFacts]:
    """Deadline, area, acting bureau and case of credit tasks for the workbench lists (a query
    per flow, one for the bureaus and one for the cases)."""
    tasks = [task for task in tasks_with_artifacts(tasks) if task.artifact_row is not None]
    bureaus = Bureau.objects.in_bulk({task_bureau_id(task) for task in tasks} - {None})
    case_ids = {task.flow_task.flow_class.instance.case_id_of(task.artifact_row) for task in tasks} - {None}
    references = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "reference")) if case_ids else {}
    facts = {}
    for task in tasks:
        row = task.artifact_row
        flow = task.flow_task.flow_class.instance
        due = (
            row.lift_due_at
            if task.flow_task.name == "lift" and getattr(row, "lift_due_at", None)
            else row.due_at
        )
        facts[task.pk] = TaskFacts(
            due=due,
            area=flow.area_of(row),
            bureau=bureaus.get(task_bureau_id(task)),
            case_reference=references.get(flow.case_id_of(row), ""),
        )
    return facts


def repair_by_receipt(receipt: str) -> RepairApplication | None:
    """The application a receipt opens, or None; the same answer for any failure."""
    if not receipt_is_well_formed(receipt):
        return None
    return (
        RepairApplication.objects.select_related("listing__publication")
        .filter(receipt_hash=receipt_hash(receipt))
        .first()
    )


def repair_evidence_get(*, user, evidence_id: int) -> RepairEvidence | None:
    """Evidence of an application for an officer who may hold one of its tasks, else None."""
    evidence = RepairEvidence.objects.select_related("application__listing").filter(pk=evidence_id).first()
    if evidence is None or not getattr(user, "is_authenticated", False):
        return None
    listing = evidence.application.listing
    allowed = (
        user.is_superuser
        or user.has_perm(bureau_permission(listing.bureau_id))
        or user.has_perm(bureau_permission(credit_office().pk))
    )
    return evidence if allowed else None


def social_organisations_public() -> tuple[QuerySet[Publication], QuerySet]:
    """The public list of area 15: banned organisations still shown, and warnings in force."""
    banned = public_publications(kind=Publication.Kind.BANNED)
    warnings = OrganisationWarning.objects.filter(withdrawn_at__isnull=True).select_related("bureau")
    return banned, warnings


# --- Public credit evaluation (rules, part 3(2)1) ----------------------------------------


@dataclass(frozen=True)
class EvaluationRun:
    """The newest run of the evaluation: when, how many per grade, and the rows asked for."""

    evaluated_at: object  # datetime or None before the first run
    per_grade: dict[str, int]
    rows: QuerySet


def evaluation_basis_items(evaluation: CreditEvaluation) -> list[tuple[str, int]]:
    """What counted for a subject, in words: (label, count)."""
    labels = {
        CreditEvaluation.LISTED: _("Active blacklist listings"),
        CreditEvaluation.RED_LISTED: _("Red-list entries in force"),
        **dict(CreditRecord.Kind.choices),
    }
    return [(str(labels.get(item, item)), count) for item, count in evaluation.basis.items()]


def evaluation_run_latest(*, grade: str = "") -> EvaluationRun:
    """The newest run's grades, worst score first, of one grade when `grade` is given."""
    last = CreditEvaluation.objects.aggregate(last=Max("evaluated_at"))["last"]
    run = CreditEvaluation.objects.filter(evaluated_at=last)
    per_grade = dict(run.values_list("grade").annotate(n=Count("pk")).order_by("grade"))
    rows = run.select_related("subject").order_by("score", "subject_id")
    if grade:
        rows = rows.filter(grade=grade)
    return EvaluationRun(evaluated_at=last, per_grade=per_grade, rows=rows)
