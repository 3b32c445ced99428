"""The case flow: from a received report to a closed case (the case lifecycle of the README).

Human tasks record their decision in `task.data["decision"]`; the gateways after them route
on it or on real case columns. What each human node is (its title, queue, assignment,
deadline and stage) and what it may decide is declared in `workflow.process`; this module
draws the graph. Every callback is one line into `workflow.services`.
Each human task has its deadline: at the deadline the assignee is reminded (催办), some
working days later supervisors are alerted (督办) - non-interrupting timer boundaries fired by
`viewflow.workflow.timers.fire_due_timers()` (Celery beat: workflow.tasks.timers_fire).
"""

from functools import partial

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from workflow import process, selectors, services
from workflow.nodes import CaseTask, DynamicSplit, human_task
from workflow.permissions import SUPERVISE_CASE, TRIAGE_CASE
from workflow.process import (
    DisputeDecision,
    InvestigateDecision,
    RatingDecision,
    RectificationDecision,
    ReferralDecision,
    SignDecision,
    TriageDecision,
)
from workflow.views import task_forms as forms


class Decided:
    """A gateway condition on the decision the task before the gateway recorded; `choices`
    stay readable so tests can check every case against `workflow.process`."""

    def __init__(self, choices: tuple[models.Choices, ...]):
        if not choices or not all(isinstance(choice, models.Choices) for choice in choices):
            raise TypeError("decided() takes members of a decision's choices")
        self.choices = choices

    def __call__(self, activation) -> bool:
        return services.decision_of(activation) in self.choices


def decided(*choices: models.Choices) -> Decided:
    """Gateway condition: the task before this gateway recorded one of `choices`, members of
    that node's decisions in `workflow.process` (a misspelt one fails at import)."""
    return Decided(choices)


def handling_bureau(activation) -> str:
    """Owner permission of a task for the case's handling bureau."""
    return services.handling_bureau_permission(activation=activation)


def assisting_bureau(activation) -> str:
    """Owner permission of an assistance task: the bureau it was sent to."""
    return services.assisting_bureau_permission(activation=activation)


def police_bureau(activation) -> str:
    """Owner permission of a referral: the public security bureau."""
    return services.police_bureau_permission()


PERMISSIONS = {
    process.Holder.COMPLAINT_CENTRE: TRIAGE_CASE,
    process.Holder.SUPERVISORS: SUPERVISE_CASE,
    process.Holder.HANDLING_BUREAU: handling_bureau,
    process.Holder.ASSISTING_BUREAU: assisting_bureau,
    process.Holder.POLICE_BUREAU: police_bureau,
}


def previous_officer(activation, *, nodes: tuple[str, ...]):
    """Assignment rule: who last completed one of `nodes` of this case, if still allowed."""
    return services.previous_owner(activation=activation, nodes=list(nodes))


def human(spec: process.HumanNode, view) -> CaseTask:
    """The human task `spec` declares: its title, permission, assignment, deadline and timers.

    With `spec.assign_from` the task goes to whoever did this case's earlier step of the kind,
    if they still hold the task's permission; otherwise (and without it: signing for a case)
    it waits in the queue of everyone who holds it - the bureau, the complaint centre,
    supervisors.
    """
    node = human_task(view, title=spec.title, permission=PERMISSIONS[spec.holder], node_class=CaseTask)
    node.spec = spec
    if spec.assign_from:
        node.Assign(partial(previous_officer, nodes=spec.assign_from))
    return node


class CaseFlow(flow.Flow):
    """Case handling

    Triage, dispatch, sign for or return, investigation with assistance and extensions,
    decision and its follow-up, reply, the reporter's rating and closure.
    """

    process_title = _("Case handling")
    process_description = _(
        "Triage, dispatch, sign for or return, investigation with assistance and extensions, "
        "decision and its follow-up, reply, the reporter's rating and closure."
    )
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_case).Annotation(title=_("Report received")).Next(this.triage)

    # Triage (分拣) by the complaint centre.
    triage = human(process.TRIAGE, forms.TriageView.as_view()).Next(this.triage_route)
    triage_route = (
        flow.Switch()
        .Annotation(title=_("Triage decision"))
        .Case(this.await_reporter, decided(TriageDecision.ASK))
        .Case(this.merged, decided(TriageDecision.MERGE))
        .Case(this.rejected, decided(TriageDecision.REJECT))
        .Case(this.referred_to_110, decided(TriageDecision.EMERGENCY))
        .Default(this.sign)
    )
    await_reporter = (
        flow.Handle(this.reporter_answered)
        .Annotation(title=_("Waiting for the reporter's answer"))
        .OnTimeout(this.answer_deadline, this.close_unanswered, title=_("The reporter did not answer"))
        .Next(this.triage)
    )
    close_unanswered = (
        flow.Function(this.close_without_answer)
        .Annotation(title=_("Close: the reporter did not answer"))
        .Next(this.closed_unanswered)
    )

    # Sign for or return (签收 / 退单) by the dispatched bureau; a second return goes to a supervisor.
    sign = human(process.SIGN, forms.SignView.as_view()).Next(this.sign_route)
    sign_route = (
        flow.Switch()
        .Annotation(title=_("Signed or returned"))
        .Case(this.investigate, decided(SignDecision.SIGN))
        .Case(this.placement, this.needs_placement)
        .Default(this.triage)
    )
    placement = human(process.PLACEMENT, forms.PlacementView.as_view()).Next(this.sign)

    # Investigation (办理) with assistance (协办) and extensions (延期).
    investigate = human(process.INVESTIGATE, forms.InvestigateView.as_view()).Next(this.investigate_route)
    investigate_route = (
        flow.Switch()
        .Annotation(title=_("Next step of the investigation"))
        .Case(this.assistance, decided(InvestigateDecision.ASSIST))
        .Case(this.extension_review, decided(InvestigateDecision.EXTEND))
        .Default(this.decide)
    )
    assistance = (
        DynamicSplit(this.assistance_tasks).Annotation(title=_("Ask participating bureaus")).Next(this.assist)
    )
    assist = human(process.ASSIST, forms.AssistView.as_view()).Next(this.assistance_join)
    assistance_join = flow.Join().Annotation(title=_("All opinions in")).Next(this.investigate)
    extension_review = human(process.EXTENSION_REVIEW, forms.ExtensionReviewView.as_view()).Next(
        this.investigate
    )

    # Decision (处理决定) and its follow-up.
    decide = human(process.DECIDE, forms.DecideView.as_view()).Next(this.follow_up)
    follow_up = (
        flow.Switch()
        .Annotation(title=_("Follow-up of the decision"))
        .Case(this.rectification_wait, this.rectification_pending)
        .Case(this.referral, this.referral_pending)
        .Default(this.reply)
    )
    rectification_wait = (
        flow.Timer(this.rectification_due)
        .Annotation(title=_("Wait for the rectification deadline"))
        .Next(this.rectification_check)
    )
    rectification_check = human(process.RECTIFICATION_CHECK, forms.RectificationCheckView.as_view()).Next(
        this.rectification_route
    )
    rectification_route = (
        flow.Switch()
        .Annotation(title=_("Rectified?"))
        .Case(this.decide, decided(RectificationDecision.MISSED))
        .Default(this.follow_up)
    )
    referral = human(process.REFERRAL, forms.ReferralView.as_view()).Next(this.referral_route)
    referral_route = (
        flow.Switch()
        .Annotation(title=_("Referral acknowledged?"))
        .Case(this.decide, decided(ReferralDecision.SEND_BACK))
        .Default(this.follow_up)
    )

    # Reply (答复), the reporter's rating (回访) and closure (办结).
    reply = human(process.REPLY, forms.ReplyView.as_view()).Next(this.await_rating)
    await_rating = (
        flow.Handle(this.reporter_rated)
        .Annotation(title=_("Waiting for the reporter's rating"))
        .OnTimeout(this.rating_deadline, this.close, title=_("No rating in time"))
        .Next(this.rating_route)
    )
    rating_route = (
        flow.Switch()
        .Annotation(title=_("Disputed?"))
        .Case(this.dispute_review, decided(RatingDecision.DISPUTE))
        .Default(this.close)
    )
    dispute_review = human(process.DISPUTE_REVIEW, forms.DisputeReviewView.as_view()).Next(this.dispute_route)
    dispute_route = (
        flow.Switch()
        .Annotation(title=_("Confirm or reopen"))
        .Case(this.investigate, decided(DisputeDecision.REOPEN))
        .Default(this.close)
    )
    close = flow.Function(this.close_case).Annotation(title=_("Close the case")).Next(this.end)

    # Deadline paths of every human task.
    remind = (
        flow.Function(this.task_remind).Annotation(title=_("Remind the assignee (催办)")).Next(this.reminded)
    )
    escalate = (
        flow.Function(this.task_escalate).Annotation(title=_("Alert supervisors (督办)")).Next(this.escalated)
    )

    end = flow.End().Annotation(title=_("Closed"))
    merged = flow.End().Annotation(title=_("Merged into another case"))
    rejected = flow.End().Annotation(title=_("Rejected as out of scope"))
    referred_to_110 = flow.End().Annotation(title=_("Referred to 110"))
    closed_unanswered = flow.End().Annotation(title=_("Closed without the reporter's answer"))
    reminded = flow.End().Annotation(title=_("Reminded"))
    escalated = flow.End().Annotation(title=_("Escalated"))

    def has_view_permission(self, user, obj=None):
        """The workbench's users; for one process, those the case selector lets see it."""
        if obj is None:
            return selectors.workbench_user(user)
        return selectors.process_visible(user=user, process=obj)

    # Callbacks: one line each into the services.

    def start_case(self, activation, report):
        return services.case_open(activation=activation, report=report)

    def task_created(self, activation):
        services.task_open(activation=activation)

    def reminder_at(self, activation):
        return services.reminder_at(activation=activation)

    def escalation_at(self, activation):
        return services.escalation_at(activation=activation)

    def task_remind(self, activation):
        services.task_remind(activation=activation)

    def task_escalate(self, activation):
        services.task_escalate(activation=activation)

    def needs_placement(self, activation):
        return services.case_needs_placement(activation=activation)

    def assistance_tasks(self, activation):
        return services.assistance_task_data(activation=activation)

    def rectification_pending(self, activation):
        return services.rectification_next(activation=activation) is not None

    def rectification_due(self, activation):
        return services.rectification_wait_until(activation=activation)

    def referral_pending(self, activation):
        return services.referral_next(activation=activation) is not None

    def answer_deadline(self, activation):
        return services.answer_deadline(activation=activation)

    def rating_deadline(self, activation):
        return services.rating_deadline(activation=activation)

    def reporter_answered(self, activation, message_id):
        services.case_reporter_answered(activation=activation, message_id=message_id)

    def reporter_rated(self, activation, rating, message_id=None):
        services.case_rated(activation=activation, rating=rating, message_id=message_id)

    def close_without_answer(self, activation):
        services.case_close(activation=activation, unanswered=True)

    def close_case(self, activation):
        services.case_close(activation=activation)
