"""Triage assistance in the workflow: dispatch a report at once when the model is sure enough
(an administrator's threshold, off by default), as the triage assistant, with the suggestion
recorded as the reason."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from intake.models import Bureau
from intake.triage.classifier import OUT_OF_SCOPE_FLAG
from intake.triage.models import ReportSuggestion
from intake.triage.selectors import triage_policy
from intake.triage.services import report_suggest
from workflow import process
from workflow.models import Case, Officer
from workflow.process import TriageDecision
from workflow.roles import role_grant
from workflow.services.tasks import OPEN, task_activation
from workflow.services.triage import case_triage

ASSISTANT_USERNAME = "triage-assistant"


def triage_assistant_user():
    """The account automatic dispatches are made as: a triage officer that cannot log in."""
    User = get_user_model()
    user = User.objects.filter(username=ASSISTANT_USERNAME).first()
    if user is not None:
        return user
    with transaction.atomic():
        user = User(username=ASSISTANT_USERNAME, first_name=_("Triage assistant"))
        user.set_unusable_password()
        user.save()
        Officer.objects.create(
            user=user, bureau=Bureau.objects.get(code="complaint_centre"), role=Officer.Role.TRIAGE
        )
        role_grant(user=user, role=Officer.Role.TRIAGE)
    return user


def case_auto_dispatch(*, report_id: int) -> Case | None:
    """Dispatch the report's case to its suggested area's lead bureau when the policy's
    threshold is set and reached, the report is not flagged out of scope and the resident chose
    no other area; None when it stays with triage. A second call is harmless."""
    threshold = triage_policy().auto_dispatch_threshold
    if threshold is None:
        return None
    case = Case.objects.select_related("report").filter(report_id=report_id).first()
    if case is None or case.state != Case.State.OPEN or case.stage != Case.Stage.TRIAGE:
        return None
    suggestion = report_suggest(report=case.report)
    if (
        suggestion is None
        or suggestion.top_area is None
        or suggestion.top_score < float(threshold)
        or suggestion.out_of_scope >= OUT_OF_SCOPE_FLAG
        or (case.area_id is not None and case.area_id != suggestion.top_area_id)
    ):
        return None
    task = Task.objects.filter(
        process_id=case.process_id, flow_task=process.TRIAGE.ref, status__in=OPEN
    ).first()
    if task is None:
        return None
    user = triage_assistant_user()
    reason = _(
        "dispatched automatically: the suggested area %(area)s scored %(score)d%% (threshold %(threshold)d%%)"
    ) % {
        "area": suggestion.top_area,
        "score": round(suggestion.top_score * 100),
        "threshold": round(float(threshold) * 100),
    }
    with task_activation(task=task, user=user) as activation:
        case = case_triage(
            activation=activation,
            user=user,
            action=TriageDecision.DISPATCH,
            area=suggestion.top_area,
            reason=reason,
        )
    # Not an officer's confirmation: kept out of retraining and of the acceptance figure.
    ReportSuggestion.objects.filter(pk=suggestion.pk).update(auto_dispatched=True)
    return case
