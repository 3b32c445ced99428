"""The case flow: from a received report to a closed case (the case lifecycle of the README).

Human tasks record their decision in `task.data["decision"]`; the gateways after them route
on it or on real case columns. Every callback is one line into `workflow.services`.
Each human task has its deadline: at the deadline the assignee is reminded (催办), some
working days later supervisors are alerted (督办) - non-interrupting timer boundaries fired by
`viewflow.workflow.timers.fire_due_timers()` (Celery beat: workflow.tasks.timers_fire).
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from workflow import selectors, services
from workflow.nodes import CaseTask, DynamicSplit
from workflow.views import task_forms as forms

TRIAGE = "workflow.triage_case"
SUPERVISE = "workflow.supervise_case"


def decided(*choices: str):
    """Gateway condition: the human task before this gateway decided one of `choices`."""
    return lambda activation: services.decision_of(activation) in choices


def handling_bureau(activation) -> str:
    """Owner permission of a task for the case's handling bureau."""
    return services.handling_bureau_permission(activation=activation)


def assisting_bureau(activation) -> str:
    """Owner permission of an assistance task: the bureau it was sent to."""
    return services.assisting_bureau_permission(activation=activation)


def police_bureau(activation) -> str:
    """Owner permission of a referral: the public security bureau."""
    return services.police_bureau_permission()


def human(view, title, permission, assign=None, description=None) -> CaseTask:
    """A human task with a permission, an assignment rule, its deadline and the timers.

    `assign` gives the task to whoever did this case's earlier step of the kind, if they still
    hold the task's permission; otherwise (and without `assign`: signing for a case) the task
    waits in the queue of everyone who holds it - the bureau, the complaint centre, supervisors.
    """
    node = (
        CaseTask(view)
        .Annotation(title=title, description=description)
        .Permission(permission)
        .onCreate(this.task_created)
        .OnTimeout(this.reminder_at, this.remind, interrupting=False, title=_("Deadline reminder"))
        .OnTimeout(
            this.escalation_at, this.escalate, interrupting=False, title=_("Escalation to supervisors")
        )
    )
    if assign is not None:
        node.Assign(assign)
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
    triage = human(forms.TriageView.as_view(), _("Triage"), TRIAGE, assign=this.previous_triage_officer).Next(
        this.triage_route
    )
    triage_route = (
        flow.Switch()
        .Annotation(title=_("Triage decision"))
        .Case(this.await_reporter, decided("ask"))
        .Case(this.merged, decided("merge"))
        .Case(this.rejected, decided("reject"))
        .Case(this.referred_to_110, decided("emergency"))
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
    sign = human(forms.SignView.as_view(), _("Sign for or return"), handling_bureau).Next(this.sign_route)
    sign_route = (
        flow.Switch()
        .Annotation(title=_("Signed or returned"))
        .Case(this.investigate, decided("sign"))
        .Case(this.placement, this.needs_placement)
        .Default(this.triage)
    )
    placement = human(
        forms.PlacementView.as_view(),
        _("Place the case with a bureau"),
        SUPERVISE,
        assign=this.case_supervisor,
    ).Next(this.sign)

    # Investigation (办理) with assistance (协办) and extensions (延期).
    investigate = human(
        forms.InvestigateView.as_view(),
        _("Investigate"),
        handling_bureau,
        assign=this.handling_officer,
    ).Next(this.investigate_route)
    investigate_route = (
        flow.Switch()
        .Annotation(title=_("Next step of the investigation"))
        .Case(this.assistance, decided("assist"))
        .Case(this.extension_review, decided("extend"))
        .Default(this.decide)
    )
    assistance = (
        DynamicSplit(this.assistance_tasks).Annotation(title=_("Ask participating bureaus")).Next(this.assist)
    )
    assist = human(
        forms.AssistView.as_view(),
        _("Give an opinion"),
        assisting_bureau,
        assign=this.assisting_officer,
    ).Next(this.assistance_join)
    assistance_join = flow.Join().Annotation(title=_("All opinions in")).Next(this.investigate)
    extension_review = human(
        forms.ExtensionReviewView.as_view(),
        _("Approve or refuse an extension"),
        SUPERVISE,
        assign=this.case_supervisor,
    ).Next(this.investigate)

    # Decision (处理决定) and its follow-up.
    decide = human(
        forms.DecideView.as_view(), _("Decide"), handling_bureau, assign=this.handling_officer
    ).Next(this.follow_up)
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
    rectification_check = human(
        forms.RectificationCheckView.as_view(),
        _("Check the rectification"),
        handling_bureau,
        assign=this.handling_officer,
    ).Next(this.rectification_route)
    rectification_route = (
        flow.Switch()
        .Annotation(title=_("Rectified?"))
        .Case(this.decide, decided("missed"))
        .Default(this.follow_up)
    )
    referral = human(
        forms.ReferralView.as_view(), _("Acknowledge the referral"), police_bureau, assign=this.police_officer
    ).Next(this.referral_route)
    referral_route = (
        flow.Switch()
        .Annotation(title=_("Referral acknowledged?"))
        .Case(this.decide, decided("send_back"))
        .Default(this.follow_up)
    )

    # Reply (答复), the reporter's rating (回访) and closure (办结).
    reply = human(
        forms.ReplyView.as_view(), _("Reply to the reporter"), handling_bureau, assign=this.handling_officer
    ).Next(this.await_rating)
    await_rating = (
        flow.Handle(this.reporter_rated)
        .Annotation(title=_("Waiting for the reporter's rating"))
        .OnTimeout(this.rating_deadline, this.close, title=_("No rating in time"))
        .Next(this.rating_route)
    )
    rating_route = (
        flow.Switch()
        .Annotation(title=_("Disputed?"))
        .Case(this.dispute_review, decided("dispute"))
        .Default(this.close)
    )
    dispute_review = human(
        forms.DisputeReviewView.as_view(),
        _("Review the reporter's dispute"),
        SUPERVISE,
        assign=this.case_supervisor,
    ).Next(this.dispute_route)
    dispute_route = (
        flow.Switch()
        .Annotation(title=_("Confirm or reopen"))
        .Case(this.investigate, decided("reopen"))
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

    def previous_triage_officer(self, activation):
        return services.previous_owner(activation=activation, nodes=["triage"])

    def handling_officer(self, activation):
        return services.previous_owner(
            activation=activation, nodes=["investigate", "decide", "sign", "rectification_check", "reply"]
        )

    def case_supervisor(self, activation):
        return services.previous_owner(
            activation=activation, nodes=["placement", "extension_review", "dispute_review"]
        )

    def assisting_officer(self, activation):
        return services.previous_owner(activation=activation, nodes=["assist"])

    def police_officer(self, activation):
        return services.previous_owner(activation=activation, nodes=["referral"])

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
