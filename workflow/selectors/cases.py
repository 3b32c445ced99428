"""Who may see what. Every view, API, consumer and task asks these, never its own filter.

Three levels of access to a case:
- FULL: the handling bureau's officers and head, the complaint centre (triage), supervisors.
- PARTICIPANT: a bureau asked for assistance, and public security for a referral: the case
  facts their task needs and their own request, nothing else (no history, no other
  bureaus' opinions, no reporter identity).
- NONE: everyone else; views answer 404.
"""

import datetime
import enum
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from intake.models import Attachment, Bureau, Report, ReportMessage
from workflow.models import (
    AssistanceRequest,
    Case,
    Extension,
    HistoryEntry,
    Officer,
    Outcome,
)
from workflow.permissions import officer_of

POLICE_BUREAU_CODE = "psb"
IDENTITY_PERMISSION = "intake.view_reporter_identity"


class Access(enum.IntEnum):
    NONE = 0
    PARTICIPANT = 1
    FULL = 2


@dataclass(frozen=True)
class Scope:
    """What a user's role lets them see: every case, or one bureau's."""

    everything: bool = False
    bureau_id: int | None = None

    @property
    def police(self) -> bool:
        """Public security also sees the facts of cases referred to it."""
        return Bureau.objects.filter(pk=self.bureau_id, code=POLICE_BUREAU_CODE).exists()


def _scope(user) -> Scope | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Scope(everything=True)
    officer = officer_of(user)
    if officer is None:
        return None
    if officer.role in (Officer.Role.SUPERVISOR, Officer.Role.TRIAGE):
        return Scope(everything=True)
    if officer.role in (Officer.Role.OFFICER, Officer.Role.HEAD):
        return Scope(bureau_id=officer.bureau_id)
    return None


def case_visible_q(user) -> Q | None:
    """The filter of cases `user` may see in full; None means none at all."""
    scope = _scope(user)
    if scope is None:
        return None
    return Q() if scope.everything else Q(bureau_id=scope.bureau_id)


def case_list(*, user) -> QuerySet[Case]:
    """Cases `user` may see in full (own bureau for bureau staff; all for triage and supervisors)."""
    condition = case_visible_q(user)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


# A report waits for its case seconds (a worker opens it) or, when workers are down, until
# the periodic sweep: look back this far, through the created_at index, never over all reports.
AWAITING_CASE_WINDOW = datetime.timedelta(days=7)


def reports_awaiting_case(*, now: datetime.datetime | None = None) -> QuerySet[Report]:
    """Stored reports whose case a worker has not opened yet (received, not merged), oldest
    first. Callers show them to those who see every case (triage, supervisors)."""
    since = (now or timezone.now()) - AWAITING_CASE_WINDOW
    return Report.objects.filter(created_at__gte=since, case__isnull=True, merged_into__isnull=True).order_by(
        "created_at", "pk"
    )


def reports_awaiting_case_for(*, user) -> QuerySet[Report]:
    """`reports_awaiting_case` for a user who sees every case (none for bureau staff: such a
    report has no bureau yet)."""
    scope = _scope(user)
    if scope is None or not scope.everything:
        return Report.objects.none()
    return reports_awaiting_case()


def case_get(*, user, reference: str) -> Case | None:
    """One case by reference if `user` may see it in full, else None (callers answer 404)."""
    return (
        case_list(user=user)
        .select_related("area", "bureau", "report", "process")
        .filter(reference=reference)
        .first()
    )


def case_access(*, user, case: Case) -> Access:
    """How much of `case` the user may see (the same rule as case_visible_q and participant_q)."""
    scope = _scope(user)
    if scope is None:
        return Access.NONE
    if scope.everything or case.bureau_id == scope.bureau_id:
        return Access.FULL
    if AssistanceRequest.objects.filter(case=case, bureau_id=scope.bureau_id).exists():
        return Access.PARTICIPANT
    if scope.police and Outcome.objects.filter(case=case, kind=Outcome.Kind.REFERRAL).exists():
        return Access.PARTICIPANT
    return Access.NONE


def case_with_access(*, user, reference: str) -> tuple[Case, Access] | None:
    """A case by reference with the user's access to it, or None when they may not see it."""
    case = (
        Case.objects.select_related("area", "bureau", "report", "process").filter(reference=reference).first()
    )
    if case is None:
        return None
    access = case_access(user=user, case=case)
    return (case, access) if access else None


def workbench_user(user) -> bool:
    """Staff with a place in a bureau, and administrators, use the workbench."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or officer_of(user) is not None


def process_visible(*, user, process) -> bool:
    """Whether `user` may look at a case process as a whole. viewflow's stock pages ask this
    (the process, and the detail page of every node that is not a human task: the start,
    timers, routes, splits and joins), and they show all of a case's steps and timings, so
    only full access opens them; an asked bureau or the police see their own tasks through
    `task_visible`."""
    case = Case.objects.filter(process_id=process.pk).first()
    return case is not None and case_access(user=user, case=case) == Access.FULL


def reporter_identity_allowed(*, user, case: Case) -> bool:
    """Reporter identity: triage, and officers of the handling bureau, holding the permission."""
    officer = officer_of(user)
    if officer is None or not user.has_perm(IDENTITY_PERMISSION):
        return False
    if officer.role == Officer.Role.TRIAGE:
        return True
    return officer.role in (Officer.Role.OFFICER, Officer.Role.HEAD) and case.bureau_id == officer.bureau_id


def case_report_ids(*, case: Case) -> QuerySet[Report]:
    """The ids of the case's report and of the reports merged into it, as a subquery. Filter on
    `report_id__in` this rather than OR-ing `report__merged_into_id` across a join: that OR
    cannot use an index, and PostgreSQL scans every message or attachment of the city."""
    return Report.objects.filter(Q(pk=case.report_id) | Q(merged_into_id=case.report_id)).values("pk")


def case_report_messages(*, case: Case) -> QuerySet[ReportMessage]:
    """The conversation with the reporter of the case and of the reports merged into it."""
    return (
        ReportMessage.objects.filter(report_id__in=case_report_ids(case=case))
        .select_related("author")
        .order_by("created_at", "pk")
    )


def case_attachments(*, case: Case) -> QuerySet[Attachment]:
    """Evidence of the case's report and of the reports merged into it."""
    return Attachment.objects.filter(report_id__in=case_report_ids(case=case)).order_by("pk")


def case_history(*, case: Case) -> QuerySet[HistoryEntry]:
    """Every step of the case with who and when (full access only)."""
    return case.history.select_related("actor", "bureau").order_by("created_at", "pk")


def case_outcomes(*, case: Case) -> QuerySet[Outcome]:
    return case.outcomes.select_related("decided_by").prefetch_related("measures").order_by("pk")


def case_assistance(*, case: Case, user, access: Access) -> QuerySet[AssistanceRequest]:
    """All assistance requests for full access; a participant sees only its own bureau's."""
    requests = case.assistance_requests.select_related("bureau", "requested_by", "answered_by").order_by("pk")
    if access == Access.FULL:
        return requests
    scope = _scope(user)
    return requests.filter(bureau_id=scope.bureau_id) if scope else requests.none()


def case_extensions(*, case: Case) -> QuerySet[Extension]:
    return case.extension_requests.select_related("requested_by", "decided_by").order_by("pk")


def case_answers(*, case: Case) -> list[tuple[str, str]]:
    """The reporter's answers to the area's questions as (question, answer) in question order."""
    report = case.report
    if not report.answers or report.area_id is None:
        return []
    questions = {question.code: question for question in report.area.questions.all()}
    rows = []
    for code, value in report.answers.items():
        question = questions.get(code)
        if question is None:
            rows.append((code, str(value)))
        else:
            rows.append((question.label, question.choice_label(value) if question.choices else str(value)))
    return rows


def cases_merged_into(*, case: Case) -> QuerySet:
    """Reports merged into this case, for the handling bureau."""
    return case.report.merged_reports.order_by("pk")


# Waiting for the reporter is not the bureau's delay: such cases are never overdue.
REPORTER_STAGES = (Case.Stage.AWAITING_REPORTER, Case.Stage.REPLIED)


def overdue_q(now=None) -> Q:
    """The one definition of overdue: an open case past its current step's deadline, unless it
    waits for the reporter. Workbench, digest, dashboard and metrics all filter with it."""
    return Q(state=Case.State.OPEN, due_at__lt=now or timezone.now()) & ~Q(stage__in=REPORTER_STAGES)


def case_is_overdue(case: Case, now=None) -> bool:
    """`overdue_q` for one case already in memory."""
    return (
        case.state == Case.State.OPEN
        and case.due_at is not None
        and case.due_at < (now or timezone.now())
        and case.stage not in REPORTER_STAGES
    )
