"""Fixtures to file reports and drive cases through the flow the way the workbench does."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from intake.models import Area, Bureau, Report
from workflow import services
from workflow.models import Case, Officer
from workflow.roles import role_grant

from flowhelpers import answers_for, open_nodes, open_task

PASSWORD = "test-pass-12345"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(db):
    """Create a role user of a bureau: officer("name", "psb", Officer.Role.OFFICER)."""

    def _officer(username: str, bureau_code: str, role: str, **extra):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
        Officer.objects.create(user=user, bureau=Bureau.objects.get(code=bureau_code), role=role)
        role_grant(user=user, role=role)
        return get_user_model().objects.get(pk=user.pk)

    return _officer


@pytest.fixture
def hrss_head(officer):
    return officer("hrss_head", "hrss", Officer.Role.HEAD)


@pytest.fixture
def file_report(db, django_capture_on_commit_callbacks):
    """File a report as a resident would; the case opens after commit. Returns the Case."""
    from intake.services import report_submit

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
            submission = report_submit(**values)
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
                intake.report_rate(report=Report.objects.get(pk=case.report_id), rating=rating, dispute=dispute)
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
            act(case, "investigate", user, services.case_investigate, next_step="decide", findings="查明欠薪属实。")

        def decide(self, case, *outcomes, user=hrss_officer):
            outcomes = outcomes or (services.OutcomeSpec(kind="unfounded", summary="经查,未发现拖欠工资行为。"),)
            return act(case, "decide", user, services.case_decide, outcomes=list(outcomes))

        def reply(self, case, user=hrss_officer):
            act(case, "reply", user, services.case_reply, text="经查,您反映的问题已处理完毕。")

        def to_reply(self, case, *outcomes):
            self.to_investigation(case)
            self.to_decision(case)
            self.decide(case, *outcomes)

    return Drive()
