"""Fixtures to file reports and drive cases through the flow the way the workbench does."""

import datetime

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from intake.models import Area, Question, Report
from tests import factories
from workflow import services
from workflow.flows import CaseFlow
from workflow.models import Case, Officer


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
        for task in Task.objects.filter(
            process_id=case.process_id, status__in=[STATUS.NEW, STATUS.ASSIGNED]
        ).exclude(flow_task_type="TIMER")
    )


def bulk_cases(
    count: int, *, node: str, bureau=None, owner=None, area_code: str = "wage_arrears"
) -> list[Case]:
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
            reference=report.reference,
            report=report,
            process=process,
            area=area,
            bureau=bureau,
            source=report.source,
            stage=stage,
            created_at=now,
            due_at=now,
        )
        for report, process in zip(reports, processes, strict=False)
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


class Flow:
    """The helpers above as a fixture: test modules cannot import each other
    (pytest runs with --import-mode=importlib)."""

    open_task = staticmethod(open_task)
    open_nodes = staticmethod(open_nodes)
    bulk_cases = staticmethod(bulk_cases)
    answers_for = staticmethod(answers_for)


@pytest.fixture
def flow():
    return Flow()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(db):
    """Create a role user of a bureau: officer("name", "psb", Officer.Role.OFFICER)."""

    return factories.officer


@pytest.fixture
def hrss_head(officer):
    return officer("hrss_head", "hrss", Officer.Role.HEAD)


@pytest.fixture
def file_report(db, django_capture_on_commit_callbacks):
    """File a report as a resident would; the case opens after commit. Returns the Case."""
    from intake.services import report_submit
    from tests.support.drafts import report_draft

    def _file(area_code: str | None = "wage_arrears", **overrides) -> Case:
        area = Area.objects.get(code=area_code) if area_code else None
        values = {
            "source": Report.Source.WEB,
            "description": "老板拖欠我们三个月工资,一直不给。",
            "area": area,
            "answers": answers_for(area) if area else {},
            "subject_kind": Report.SubjectKind.ORGANISATION,
            "subject_name": "儋州某建设工程有限公司",
        }
        values.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            submission = report_submit(report_draft(**values))
        return Case.objects.get(report=submission.report)

    return _file


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Do the open task of `node` as `user` through `service`, as the workbench would."""

    def _act(case: Case, node: str, user, service, **kwargs):
        task = open_task(case, node, user)
        assert task is not None, f"no open {node} task; open: {open_nodes(case)}"
        with django_capture_on_commit_callbacks(execute=True):
            with services.task_activation(task=task, user=user) as activation:
                result = service(activation=activation, user=user, **kwargs)
        case.refresh_from_db()
        return result

    return _act


@pytest.fixture
def reporter(django_capture_on_commit_callbacks):
    """What the reporter does through their receipt (intake services; signals run)."""
    from intake import services as intake

    class Reporter:
        def answer(self, case: Case, text: str = "补充:欠薪的是三号工地,共二十三人。"):
            with django_capture_on_commit_callbacks(execute=True):
                intake.report_message_add(report=Report.objects.get(pk=case.report_id), text=text)
            case.refresh_from_db()

        def rate(self, case: Case, rating: int, dispute: str = ""):
            with django_capture_on_commit_callbacks(execute=True):
                intake.report_rate(
                    report=Report.objects.get(pk=case.report_id), rating=rating, dispute=dispute
                )
            case.refresh_from_db()

    return Reporter()


@pytest.fixture
def fire_timers(django_capture_on_commit_callbacks):
    def _fire(at: datetime.datetime | None = None):
        from workflow.services.timers import timers_fire

        with django_capture_on_commit_callbacks(execute=True):
            return timers_fire()

    return _fire


@pytest.fixture
def signals_sent():
    """Record case_changed and task_changed as (event, kwargs) while the test runs."""
    from workflow.signals import case_changed, task_changed

    sent = {"case": [], "task": []}

    def on_case(sender, signal, **kwargs):
        sent["case"].append(kwargs)

    def on_task(sender, signal, **kwargs):
        sent["task"].append(kwargs)

    case_changed.connect(on_case, weak=False)
    task_changed.connect(on_task, weak=False)
    yield sent
    case_changed.disconnect(on_case)
    task_changed.disconnect(on_task)


@pytest.fixture
def drive(act, reporter, triage_user, hrss_officer, supervisor):
    """Move a wage-arrears case through the common steps (hrss handles it)."""

    class Drive:
        def dispatch(self, case, **kwargs):
            act(case, "triage", triage_user, services.case_triage, action="dispatch", **kwargs)

        def sign(self, case, user=hrss_officer):
            act(case, "sign", user, services.case_sign, decision="sign")

        def to_investigation(self, case):
            self.dispatch(case)
            self.sign(case)

        def to_decision(self, case, user=hrss_officer):
            act(
                case,
                "investigate",
                user,
                services.case_investigate,
                next_step="decide",
                findings="查明欠薪属实。",
            )

        def decide(self, case, *outcomes, user=hrss_officer):
            outcomes = outcomes or (
                services.OutcomeSpec(kind="unfounded", summary="经查,未发现拖欠工资行为。"),
            )
            return act(case, "decide", user, services.case_decide, outcomes=list(outcomes))

        def reply(self, case, user=hrss_officer):
            act(case, "reply", user, services.case_reply, text="经查,您反映的问题已处理完毕。")

        def to_reply(self, case, *outcomes):
            self.to_investigation(case)
            self.to_decision(case)
            self.decide(case, *outcomes)

    return Drive()
