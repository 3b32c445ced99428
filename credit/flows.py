"""The credit registry's processes: publishing a decision, carrying out one joint-punishment
measure, credit repair, and red-list approval.

Each process belongs to one row of ours (its artifact, also linked by a one-to-one from the
row to the process). Human tasks carry the owner permission of the bureau that must act
(workflow.permissions.bureau_permission), so they show in that bureau's queue. Two
non-interrupting timers on every human task remind its holder when it falls due (催办) and
alert supervisors some working days later (督办); viewflow.workflow.timers.fire_due_timers()
fires them.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from credit import deadlines
from credit.models import Enforcement, Publication, RedListEntry, RepairApplication
from credit.selectors import credit_office
from credit.services.tasks import task_announce, task_overdue
from credit.views import tasks as task_views
from workflow.nodes import human_task
from workflow.permissions import bureau_permission
from workflow.signals import TaskEvent


def credit_office_id() -> int:
    return credit_office().pk


class CreditFlowMixin:
    """What every credit flow shares: its artifact, task announcements and overdue timers."""

    artifact_model = None
    lock_impl = lock.select_for_update_lock

    def start_process(self, activation, artifact):
        """StartHandle callback: link the process and its row both ways before any task exists."""
        process = activation.process
        process.artifact = artifact
        process.save()
        type(artifact).objects.filter(pk=artifact.pk).update(process=process)
        artifact.process = process
        return process

    def artifact_of(self, process):
        return self.artifact_model.objects.select_related(*self.artifact_related).get(process_id=process.pk)

    artifact_related: tuple = ()

    # Per flow: the case a task belongs to, its area, and when a task of `node_name` is due.
    def case_id_of(self, artifact) -> int | None:
        return artifact.case_id

    def area_of(self, artifact):
        return artifact.area

    def due_of(self, artifact, node_name: str):
        return artifact.due_at

    # Node callbacks.
    def task_created(self, activation):
        artifact = self.artifact_of(activation.process)
        task_announce(task=activation.task, case_id=self.case_id_of(artifact), event=TaskEvent.CREATED)

    def reminder_at(self, activation):
        artifact = self.artifact_of(activation.process)
        return deadlines.reminder_at(self.due_of(artifact, activation.flow_task._attached_to.name))

    def escalation_at(self, activation):
        artifact = self.artifact_of(activation.process)
        due = self.due_of(artifact, activation.flow_task._attached_to.name)
        return deadlines.supervisor_alert_at(due, area=self.area_of(artifact))

    def task_remind(self, activation):
        self._overdue(activation, TaskEvent.REMINDER)

    def task_escalate(self, activation):
        self._overdue(activation, TaskEvent.ESCALATION)

    def _overdue(self, activation, event):
        artifact = self.artifact_of(activation.process)
        task_overdue(
            process=activation.process, artifact=artifact, case_id=self.case_id_of(artifact), event=event
        )


TIMER_TITLES = (_("Overdue: remind (催办)"), _("Still overdue: alert (督办)"))


def _overdue_nodes():
    remind = flow.Function(this.task_remind).Annotation(title=_("Remind the bureau")).Next(this.end)
    escalate = flow.Function(this.task_escalate).Annotation(title=_("Alert the supervisors")).Next(this.end)
    return remind, escalate


class PublicationFlow(CreditFlowMixin, flow.Flow):
    """Publication of a decision"""

    process_title = _("Publication of a decision")
    artifact_model = Publication
    artifact_related = ("area",)

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("A penalty or listing was decided"))
        .Next(this.publish)
    )
    publish = human_task(
        task_views.PublishTaskView.as_view(),
        title=_("Publish the decision"),
        permission=lambda activation: bureau_permission(
            activation.flow_class.instance.artifact_of(activation.process).bureau_id
        ),
        timer_titles=TIMER_TITLES,
    ).Next(this.end)
    remind, escalate = _overdue_nodes()
    end = flow.End().Annotation(title=_("Done"))


class EnforcementFlow(CreditFlowMixin, flow.Flow):
    """Enforcement of a joint-punishment measure"""

    process_title = _("Enforcement of a joint-punishment measure")
    artifact_model = Enforcement
    artifact_related = ("listing", "listing__area")

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("A listing names this measure"))
        .Next(this.confirm)
    )
    confirm = human_task(
        task_views.ConfirmEnforcementTaskView.as_view(),
        title=_("Confirm the measure took effect"),
        permission=lambda activation: bureau_permission(
            activation.flow_class.instance.artifact_of(activation.process).bureau_id
        ),
        timer_titles=TIMER_TITLES,
    ).Next(this.route)
    route = (
        flow.Switch()
        .Annotation(title=_("In effect?"))
        .Case(this.in_effect, cond=this.stays_in_effect)
        .Case(this.lift, cond=this.must_lift)
        .Default(this.end)
    )
    in_effect = flow.Handle().Annotation(title=_("In effect until the listing ends")).Next(this.lift)
    lift = human_task(
        task_views.LiftEnforcementTaskView.as_view(),
        title=_("Lift the measure"),
        permission=lambda activation: bureau_permission(
            activation.flow_class.instance.artifact_of(activation.process).bureau_id
        ),
        timer_titles=TIMER_TITLES,
    ).Next(this.end)
    remind, escalate = _overdue_nodes()
    end = flow.End().Annotation(title=_("Done"))

    def case_id_of(self, artifact):
        return artifact.listing.case_id

    def area_of(self, artifact):
        return artifact.listing.area

    def due_of(self, artifact, node_name):
        return artifact.lift_due_at if node_name == "lift" else artifact.due_at

    def stays_in_effect(self, activation):
        return self.artifact_of(activation.process).state == Enforcement.State.IN_EFFECT

    def must_lift(self, activation):
        return self.artifact_of(activation.process).state == Enforcement.State.LIFTING


class RepairFlow(CreditFlowMixin, flow.Flow):
    """Credit repair"""

    process_title = _("Credit repair (信用修复)")
    artifact_model = RepairApplication
    artifact_related = ("listing", "listing__area")

    start = (
        flow.StartHandle(this.start_process).Annotation(title=_("A listed subject applied")).Next(this.review)
    )
    review = human_task(
        task_views.RepairReviewTaskView.as_view(),
        title=_("Review the credit repair application"),
        permission=lambda activation: bureau_permission(
            activation.flow_class.instance.artifact_of(activation.process).listing.bureau_id
        ),
        timer_titles=TIMER_TITLES,
    ).Next(this.reviewed)
    reviewed = flow.If(this.recommended).Annotation(title=_("Recommended?")).Then(this.decide).Else(this.end)
    decide = human_task(
        task_views.RepairDecisionTaskView.as_view(),
        title=_("Decide on the credit repair"),
        permission=lambda activation: bureau_permission(credit_office_id()),
        timer_titles=TIMER_TITLES,
    ).Next(this.end)
    remind, escalate = _overdue_nodes()
    end = flow.End().Annotation(title=_("Done"))

    def case_id_of(self, artifact):
        return artifact.listing.case_id

    def area_of(self, artifact):
        return artifact.listing.area

    def recommended(self, activation):
        return self.artifact_of(activation.process).state == RepairApplication.State.APPROVAL


class RedListFlow(CreditFlowMixin, flow.Flow):
    """Red list approval"""

    process_title = _("Red list approval")
    artifact_model = RedListEntry
    artifact_related = ("area",)

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("A bureau proposed a red-list entry"))
        .Next(this.decide)
    )
    decide = human_task(
        task_views.RedListDecisionTaskView.as_view(),
        title=_("Decide on the red-list entry"),
        permission=lambda activation: bureau_permission(credit_office_id()),
        timer_titles=TIMER_TITLES,
    ).Next(this.end)
    remind, escalate = _overdue_nodes()
    end = flow.End().Annotation(title=_("Done"))

    def case_id_of(self, artifact):
        return None


CREDIT_FLOWS = (PublicationFlow, EnforcementFlow, RepairFlow, RedListFlow)
