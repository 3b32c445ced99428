"""DEMO ONLY: put a handful of demo reports into various stages of the case flow.

Called by the coordinator's `demo_data` command; never run against production data. Actors
are the officers found in the demo bureaus (created without a usable password if missing).
"""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.utils import timezone

from intake.models import Area, Bureau, Question, Report
from intake.services import ReportDraft, SubjectDraft, report_rate, report_submit
from workflow import process, services
from workflow.models import Case, Measure, Officer
from workflow.process import InvestigateDecision, SignDecision, TriageDecision
from workflow.roles import role_grant
from workflow.services import OutcomeSpec

logger = logging.getLogger(__name__)

# (area code, description, subject name)
REPORTS = [
    ("wage_arrears", "某建筑工地拖欠我们二十多名工人三个月工资,多次讨要无果。", "儋州某建设工程有限公司"),
    ("telecom_fraud", "接到自称公安局的电话,说我涉嫌洗钱,要求把钱转到安全账户。", "17012345678"),
    ("tax_fake_invoices", "一家商店长期向顾客出售假发票,还主动推销。", "那大镇某商贸店"),
    ("illegal_lottery", "小区旁边有人非法收售彩票,还拉人进微信群网上投注。", "某彩票微信群"),
    ("wage_arrears", "装修公司拖欠工人工资两个月,老板电话打不通。", "儋州某装饰工程有限公司"),
    ("telecom_fraud", "网上刷单返利,先小额返现,后来被骗三万元。", "某刷单平台"),
]
STAGES = [
    "triage",
    "awaiting_reporter",
    "dispatched",
    "investigating",
    "assistance",
    "rectification",
    "replied",
    "closed",
    "disputed",
]


def _answers(area: Area) -> dict:
    values = {}
    for question in area.questions.filter(required=True):
        if question.datatype == Question.Datatype.NUMBER:
            values[question.code] = "50000"
        elif question.datatype == Question.Datatype.DATE:
            values[question.code] = timezone.localdate().isoformat()
        elif question.datatype == Question.Datatype.CHOICE:
            values[question.code] = question.choices[0]["key"]
        else:
            values[question.code] = "见描述"
    return values


def _officer(bureau: Bureau, role: str):
    found = (
        Officer.objects.filter(bureau=bureau, role=role, user__is_active=True).select_related("user").first()
    )
    if found:
        return found.user
    user, _ = get_user_model().objects.get_or_create(username=f"demo-{bureau.code}-{role}")
    user.set_unusable_password()
    user.save()
    Officer.objects.update_or_create(user=user, defaults={"bureau": bureau, "role": role})
    role_grant(user=user, role=role)
    return get_user_model().objects.get(pk=user.pk)


def _do(case: Case, node: str, user, service, **kwargs):
    task = (
        case.process.task_set.filter(flow_task=process.node_ref(node), status__in=["NEW", "ASSIGNED"])
        .order_by("-pk")
        .first()
    )
    with services.task_activation(task=task, user=user) as activation:
        service(activation=activation, user=user, **kwargs)
    case.refresh_from_db()


def _move(case: Case, stage: str, people: dict) -> None:
    triage = people["triage"]
    if stage == "triage":
        return
    if stage == "awaiting_reporter":
        _do(
            case,
            "triage",
            triage,
            services.case_triage,
            action=TriageDecision.ASK,
            text="请补充事情发生的具体地点和时间。",
        )
        return
    _do(case, "triage", triage, services.case_triage, action=TriageDecision.DISPATCH)
    if stage == "dispatched":
        return
    handler = _officer(case.bureau, Officer.Role.OFFICER)
    _do(case, "sign", handler, services.case_sign, decision=SignDecision.SIGN)
    if stage == "investigating":
        return
    if stage == "assistance":
        helper = Bureau.objects.filter(code="ndrc").first()
        _do(
            case,
            "investigate",
            handler,
            services.case_investigate,
            next_step=InvestigateDecision.ASSIST,
            bureaus=[helper],
            question="请提供该主体的信用记录。",
            findings="正在核实。",
        )
        return
    _do(
        case,
        "investigate",
        handler,
        services.case_investigate,
        next_step=InvestigateDecision.DECIDE,
        findings="经核查,反映情况属实。",
    )
    subject = {
        "subject_kind": Report.SubjectKind.ORGANISATION,
        "subject_name": case.report.subject_name or "某单位",
    }
    if stage == "rectification":
        outcome = OutcomeSpec(
            kind="rectification",
            summary="责令限期整改。",
            rectification_due=timezone.localdate() + datetime.timedelta(days=20),
            **subject,
        )
    else:
        outcome = OutcomeSpec(
            kind="blacklist",
            summary="列入失信黑名单,实施联合惩戒。",
            measures=list(Measure.objects.filter(code="restrict_flights_trains")),
            **subject,
        )
    _do(case, "decide", handler, services.case_decide, outcomes=[outcome])
    if stage == "rectification":
        return
    _do(case, "reply", handler, services.case_reply, text="您反映的问题经核查属实,已依法处理。感谢您的监督。")
    if stage == "replied":
        return
    dispute = "处理结果我不满意。" if stage == "disputed" else ""
    report_rate(report=Report.objects.get(pk=case.report_id), rating=2 if dispute else 5, dispute=dispute)
    case.refresh_from_db()
    if case.stage == Case.Stage.REPLIED:  # inside a transaction the rating signal waits for commit
        message = (
            case.report.messages.filter(kind="reporter_info").order_by("-pk").first() if dispute else None
        )
        services.reporter_rating_received(
            report_id=case.report_id, rating=2 if dispute else 5, message_id=message.pk if message else None
        )


def demo_cases_create(n: int = len(STAGES)) -> list[Case]:
    """DEMO ONLY: file `n` demo reports and move each into a different stage of the flow."""
    people = {"triage": _officer(Bureau.objects.get(code="complaint_centre"), Officer.Role.TRIAGE)}
    cases = []
    for index in range(n):
        area_code, description, subject_name = REPORTS[index % len(REPORTS)]
        area = Area.objects.get(code=area_code)
        submission = report_submit(
            ReportDraft(
                source=Report.Source.WEB,
                area=area,
                description=description,
                answers=_answers(area),
                subject=SubjectDraft(kind=Report.SubjectKind.ORGANISATION, name=subject_name),
                external_id=f"demo-{timezone.now():%Y%m%d%H%M%S%f}-{index}",
            )
        )
        case = services.report_case_open(report_id=submission.report.pk) or Case.objects.get(
            report=submission.report
        )
        _move(case, STAGES[index % len(STAGES)], people)
        cases.append(case)
    logger.info("demo cases created", extra={"count": len(cases)})
    return cases
