"""Helpers shared by the workflow tests (importable: tests/workflow is on sys.path)."""

from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from intake.models import Area, Question
from workflow.flows import CaseFlow
from workflow.models import Case


def answers_for(area: Area) -> dict:
    """Valid answers to the area's required questions."""
    values = {}
    for question in area.questions.filter(required=True):
        if question.datatype == Question.Datatype.NUMBER:
            values[question.code] = "1000"
        elif question.datatype == Question.Datatype.DATE:
            values[question.code] = timezone.localdate().isoformat()
        elif question.datatype == Question.Datatype.CHOICE:
            values[question.code] = question.choices[0]["key"]
        else:
            values[question.code] = "某某公司"
    return values


def open_task(case: Case, node: str, user=None) -> Task | None:
    """The open task of `node` in the case (the one `user` has or may take, when given)."""
    tasks = Task.objects.filter(
        process_id=case.process_id,
        flow_task=getattr(CaseFlow, node),
        status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.SCHEDULED],
    ).order_by("-pk")
    if user is None:
        return tasks.first()
    for task in tasks:
        if task.owner_id == user.pk or (task.owner_id is None and task.flow_task.can_assign(user, task)):
            return task
    return None


def open_nodes(case: Case) -> list[str]:
    """Names of the nodes with an open human or waiting task (timers excluded)."""
    return sorted(
        task.flow_task.name
        for task in Task.objects.filter(process_id=case.process_id, status__in=[STATUS.NEW, STATUS.ASSIGNED])
        .exclude(flow_task_type="TIMER")
    )


