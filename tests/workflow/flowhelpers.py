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




def bulk_cases(count: int, *, node: str, bureau=None, owner=None, area_code: str = "wage_arrears") -> list[Case]:
    """Insert `count` cases waiting at human task `node` in a few set-based queries (list
    pages read only these rows): report, process, case and the open task."""
    import uuid

    from django.utils import timezone
    from viewflow.workflow.models import Process

    from intake.models import Report
    from workflow.permissions import bureau_permission

    area = Area.objects.get(code=area_code)
    now = timezone.now()
    batch = uuid.uuid4().hex[:8]
    reports = Report.objects.bulk_create(
        Report(
            reference=f"B{batch}-{i:05d}",
            source=Report.Source.WEB,
            area=area,
            description="批量生成的测试举报内容。",
            receipt_hash=f"{batch}{i:056d}",
            status=Report.Status.HANDLING if bureau else Report.Status.TRIAGE,
        )
        for i in range(count)
    )
    processes = Process.objects.bulk_create(Process(flow_class=CaseFlow, status="NEW") for _ in reports)
    stage = Case.Stage.TRIAGE if node == "triage" else Case.Stage.DISPATCHED
    cases = Case.objects.bulk_create(
        Case(
            reference=report.reference, report=report, process=process, area=area, bureau=bureau,
            source=report.source, stage=stage, created_at=now, due_at=now,
        )
        for report, process in zip(reports, processes)
    )
    permission = bureau_permission(bureau.pk) if bureau else "workflow.triage_case"
    Task.objects.bulk_create(
        Task(
            process=process,
            flow_task=getattr(CaseFlow, node),
            flow_task_type="HUMAN",
            status=STATUS.ASSIGNED if owner else STATUS.NEW,
            owner=owner,
            owner_permission=permission,
            data={"due_at": now.isoformat()},
        )
        for process in processes
    )
    return cases
