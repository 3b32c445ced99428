"""Every task page of every registered flow, opened, claimed and submitted through the test
client as the user who does that step, the way the workbench links to it.

The nodes come from the flow classes (the case flow and the flows higher apps register in
`workflow.registry`), so a new human node gets a test that fails until `drive` knows how to
bring a process there and what a valid submission of its form is.
"""

import datetime
import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from operator import attrgetter
from types import SimpleNamespace

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from intake.models import Bureau
from workflow import registry, services
from workflow.flows import CaseFlow
from workflow.models import Case, Measure, Officer
from workflow.services import OutcomeSpec

pytestmark = pytest.mark.django_db

OPEN = (STATUS.NEW, STATUS.ASSIGNED)
SUBJECT = {
    "subject_kind": "organisation",
    "subject_name": "儋州某建设工程有限公司",
    "subject_credit_code": "91460000MA5T0000X6",
}


@dataclass(frozen=True)
class Node:
    flow_class: type
    node: object

    @property
    def name(self) -> str:
        return f"{self.flow_class.__name__}.{self.node.name}"


def human_nodes() -> list[Node]:
    """Every human node of every flow whose tasks the workbench lists."""
    return [
        Node(flow_class, node)
        for flow_class in registry.task_flows()
        for node in flow_class.instance.nodes()
        if getattr(node, "task_type", "") == "HUMAN"
    ]


@dataclass
class Stop:
    """A process waiting at a node: who does the step, a valid form, and where it leads."""

    task: Task
    user: object
    valid: dict
    next_nodes: list[str]  # the open nodes of the process afterwards ([] when it ended)
    files: dict = field(default_factory=dict)


def open_nodes(process_id: int) -> list[str]:
    return sorted(
        task.flow_task.name
        for task in Task.objects.filter(process_id=process_id, status__in=OPEN).exclude(
            flow_task_type="TIMER"
        )
    )


def state_of(stop: Stop) -> dict:
    """What a refused submission must leave as it was."""
    task = Task.objects.get(pk=stop.task.pk)
    process = Process.objects.get(pk=task.process_id)
    state = {
        "task": (task.status, task.owner_id, task.data),
        "process": process.status,
        "open": open_nodes(task.process_id),
    }
    case = Case.objects.filter(process_id=process.pk).first()
    if case is not None:
        state["case"] = model_to_dict(case)
        state["case_outcomes"] = list(case.outcomes.values_list("pk", flat=True))
    artifact = getattr(task.flow_task.flow_class.instance, "artifact_model", None)
    if artifact is not None:
        state["artifact"] = model_to_dict(artifact.objects.get(process_id=process.pk))
    return state


class Links(HTMLParser):
    """Anchors and forms of a page that point at one task."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker = marker
        self.found: list[tuple[str, str, dict]] = []  # (method, url, hidden inputs)
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and self.marker in (attrs.get("href") or ""):
            self.found.append(("get", attrs["href"], {}))
        elif tag == "form" and self.marker in (attrs.get("action") or ""):
            self._form = (attrs.get("method", "get").lower(), attrs["action"], {})
            self.found.append(self._form)
        elif tag == "input" and self._form is not None and attrs.get("name"):
            self._form[2][attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def task_marker(task: Task) -> str:
    """The part every URL of this task contains (viewflow's and the registered flows')."""
    url = registry.task_url(task)
    return url if url else f"/{task.process_id}/{task.flow_task.name}/{task.pk}/"


def claim(client: Client, task: Task):
    """Open the task from the workbench list it waits in (the queue, or the inbox when the
    step was given to the user) as a user clicks it; returns the page it lands on."""
    for list_name in ("queue", "inbox"):
        page = client.get(reverse(f"case:{list_name}"))
        assert page.status_code == 200
        parser = Links(task_marker(task))
        parser.feed(page.content.decode())
        if parser.found:
            break
    else:
        pytest.fail(f"{task.flow_task.name} is in neither the queue nor the inbox of {task}")
    assert len({url for _method, url, _data in parser.found}) == 1, parser.found
    method, url, data = parser.found[0]
    response = client.post(url, data) if method == "post" else client.get(url)
    hops = 0
    while response.status_code == 302 and hops < 3:
        url = response["Location"]
        response = client.get(url)
        hops += 1
    return url, response


class Driver:
    """Brings a process to a human node through the real flow: the services the task pages
    call, the reporter's own actions, the timers and the credit registry's receivers."""

    def __init__(self, *, drive, act, reporter, fire_timers, file_report, users):
        self.drive, self.act, self.reporter = drive, act, reporter
        self.fire_timers, self.file_report, self.users = fire_timers, file_report, users

    def to(self, node: Node) -> Stop:
        recipe = getattr(self, f"{node.flow_class.__name__}__{node.node.name}", None)
        if recipe is None:
            pytest.fail(f"drive does not know how to reach {node.name}: teach the Driver")
        return recipe()

    # The case flow.

    def case_task(self, case, name, user, valid, next_nodes, **extra):
        task = Task.objects.filter(
            process_id=case.process_id, flow_task=getattr(CaseFlow, name), status__in=OPEN
        ).latest("pk")
        return Stop(task=task, user=user, valid=valid, next_nodes=next_nodes, **extra)

    def investigating(self):
        case = self.file_report()
        self.drive.to_investigation(case)
        return case

    def deciding(self):
        case = self.investigating()
        self.drive.to_decision(case)
        return case

    def CaseFlow__triage(self):
        case = self.file_report()
        valid = {"action": "dispatch", "area": case.area_id, "bureau": "", "text": ""}
        return self.case_task(case, "triage", self.users.triage, valid, ["sign"])

    def CaseFlow__sign(self):
        case = self.file_report()
        self.drive.dispatch(case)
        return self.case_task(case, "sign", self.users.hrss, {"decision": "sign"}, ["investigate"])

    def CaseFlow__placement(self):
        case = self.file_report()
        for reason in ("不属于本局。", "仍不属于本局。"):
            self.drive.dispatch(case)
            self.act(case, "sign", self.users.hrss, services.case_sign, decision="return", reason=reason)
        tax = Bureau.objects.get(code="tax")
        valid = {"bureau": tax.pk, "note": "由税务局办理。"}
        return self.case_task(case, "placement", self.users.supervisor, valid, ["sign"])

    def CaseFlow__investigate(self):
        case = self.investigating()
        valid = {"findings": "查明欠薪属实。", "next_step": "decide"}
        return self.case_task(case, "investigate", self.users.hrss, valid, ["decide"])

    def CaseFlow__assist(self):
        case = self.investigating()
        psb = Bureau.objects.get(code="psb")
        self.act(
            case,
            "investigate",
            self.users.hrss,
            services.case_investigate,
            next_step="assist",
            bureaus=[psb],
            question="请核查该公司负责人是否有涉案记录。",
        )
        valid = {"opinion": "经查,无涉案记录。"}
        return self.case_task(case, "assist", self.users.psb, valid, ["investigate"])

    def CaseFlow__extension_review(self):
        case = self.investigating()
        self.act(
            case,
            "investigate",
            self.users.hrss,
            services.case_investigate,
            next_step="extend",
            working_days=10,
            reason="需要调取银行流水。",
        )
        valid = {"approved": "yes", "note": "同意。"}
        return self.case_task(case, "extension_review", self.users.supervisor, valid, ["investigate"])

    def CaseFlow__decide(self):
        case = self.deciding()
        valid = {"kinds": ["unfounded"], "summary": "经查,未发现拖欠工资行为。"}
        return self.case_task(case, "decide", self.users.hrss, valid, ["reply"])

    def CaseFlow__rectification_check(self):
        case = self.deciding()
        due = timezone.localdate() + datetime.timedelta(days=10)
        self.drive.decide(
            case,
            OutcomeSpec(kind="rectification", rectification_due=due, summary="限期支付工资。", **SUBJECT),
        )
        timer = Task.objects.get(
            process_id=case.process_id, flow_task=CaseFlow.rectification_wait, status=STATUS.SCHEDULED
        )
        with time_machine.travel(timer.scheduled + datetime.timedelta(minutes=1)):
            self.fire_timers()
        valid = {"rectified": "yes", "note": "已全部支付。"}
        return self.case_task(case, "rectification_check", self.users.hrss, valid, ["reply"])

    def CaseFlow__referral(self):
        case = self.deciding()
        self.drive.decide(case, OutcomeSpec(kind="referral", summary="涉嫌拒不支付劳动报酬罪。", **SUBJECT))
        valid = {"acknowledged": "yes", "police_case_number": "儋公立〔2026〕88号"}
        return self.case_task(case, "referral", self.users.psb, valid, ["reply"])

    def CaseFlow__reply(self):
        case = self.deciding()
        self.drive.decide(case)
        valid = {"text": "经查,您反映的问题已处理完毕。"}
        return self.case_task(case, "reply", self.users.hrss, valid, ["await_rating"])

    def CaseFlow__dispute_review(self):
        case = self.deciding()
        self.drive.decide(case)
        self.drive.reply(case)
        self.reporter.rate(case, 1, dispute="工资至今没有发放。")
        valid = {"reopen": "yes", "note": "请重新调查。"}
        return self.case_task(case, "dispute_review", self.users.supervisor, valid, ["investigate"])

    # The credit registry's flows, started by a decided case.

    def blacklisted(self) -> Case:
        """A case decided with a blacklist listing and its exit ban (carried out by psb)."""
        case = self.deciding()
        self.drive.decide(
            case,
            OutcomeSpec(
                kind="blacklist",
                summary="列入失信黑名单。",
                measures=[Measure.objects.get(code="restrict_exit")],
                **SUBJECT,
            ),
        )
        return case

    def credit_task(self, flow_class, name, user, valid, next_nodes, artifact_filter):
        artifact = flow_class.artifact_model.objects.get(**artifact_filter)
        task = Task.objects.get(
            process_id=artifact.process_id, flow_task=getattr(flow_class, name), status__in=OPEN
        )
        return Stop(task=task, user=user, valid=valid, next_nodes=next_nodes)

    def PublicationFlow__publish(self):
        from credit.flows import PublicationFlow

        case = self.blacklisted()
        valid = {"summary": "该公司被列入失信黑名单。", "checked": "on"}
        return self.credit_task(PublicationFlow, "publish", self.users.hrss, valid, [], {"case": case})

    def EnforcementFlow__confirm(self):
        from credit.flows import EnforcementFlow

        case = self.blacklisted()
        valid = {"took_effect": "yes", "note": ""}
        return self.credit_task(
            EnforcementFlow, "confirm", self.users.psb, valid, ["in_effect"], {"listing__case": case}
        )

    def confirmed_listing(self):
        from credit.models import Enforcement, Listing
        from credit.services.listings import enforcement_confirm

        case = self.blacklisted()
        enforcement = Enforcement.objects.get(listing__case=case)
        enforcement_confirm(enforcement=enforcement, user=self.users.psb, took_effect=True)
        return case, Listing.objects.get(case=case)

    def EnforcementFlow__lift(self):
        from credit.flows import EnforcementFlow
        from credit.models import Listing
        from credit.services.listings import listing_end

        case, listing = self.confirmed_listing()
        listing_end(listing=listing, state=Listing.State.EXPIRED, reason="期满。")
        valid = {"note": "已解除。", "confirmed": "on"}
        return self.credit_task(EnforcementFlow, "lift", self.users.psb, valid, [], {"listing__case": case})

    def repair_applied(self):
        """A listing old enough to repair, published, and an application filed on the public page."""
        from credit.models import Listing, Publication, RepairApplication
        from credit.services.publications import publication_publish

        case, listing = self.confirmed_listing()
        Listing.objects.filter(pk=listing.pk).update(
            listed_on=timezone.localdate() - datetime.timedelta(days=400)
        )
        publication = publication_publish(
            publication=Publication.objects.get(listing=listing), user=self.users.hrss
        )
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
        response = Client().post(
            reverse("credit:repair_apply", args=[publication.pk]),
            {
                "subject_identifier": SUBJECT["subject_credit_code"],
                "applicant_role": "subject",
                "applicant_name": "张经理",
                "applicant_phone": "13800138000",
                "corrections": ["rectified", "training"],
                "statement": "已全额支付拖欠的工资共计三十万元,并参加了信用修复培训。",
                "evidence": [SimpleUploadedFile("proof.png", buffer.getvalue(), content_type="image/png")],
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return RepairApplication.objects.get(listing=listing)

    def RepairFlow__review(self):
        from credit.flows import RepairFlow

        application = self.repair_applied()
        valid = {"recommend": "yes", "opinion": "已纠正,建议修复。"}
        return self.credit_task(
            RepairFlow, "review", self.users.hrss, valid, ["decide"], {"pk": application.pk}
        )

    def RepairFlow__decide(self):
        from credit.flows import RepairFlow
        from credit.services.repair import repair_review

        application = self.repair_applied()
        repair_review(application=application, user=self.users.hrss, recommend=True, opinion="建议修复。")
        valid = {"approve": "yes", "reason": ""}
        return self.credit_task(RepairFlow, "decide", self.users.ndrc, valid, [], {"pk": application.pk})

    def RedListFlow__decide(self):
        from credit.flows import RedListFlow
        from credit.models import Incentive
        from credit.services.redlist import redlist_propose
        from intake.models import Area

        entry = redlist_propose(
            user=self.users.hrss,
            subject_kind="organisation",
            name="儋州诚信建筑有限公司",
            credit_code=SUBJECT["subject_credit_code"],
            area=Area.objects.get(code="wage_arrears"),
            reason="连续三年按时足额支付农民工工资,无任何投诉。",
            incentives=list(Incentive.objects.filter(code="green_channel")),
            valid_until=timezone.localdate() + datetime.timedelta(days=700),
        )
        valid = {"approve": "yes", "reason": ""}
        return self.credit_task(RedListFlow, "decide", self.users.ndrc, valid, [], {"pk": entry.pk})


@pytest.fixture
def users(triage_user, hrss_officer, psb_officer, tax_officer, supervisor, officer):
    return SimpleNamespace(
        triage=triage_user,
        hrss=hrss_officer,
        psb=psb_officer,
        supervisor=supervisor,
        ndrc=officer("ndrc", "ndrc", Officer.Role.OFFICER),
        other_bureau=tax_officer,
    )


@pytest.fixture
def drive(drive, act, reporter, fire_timers, file_report, users):
    """`drive.to(node)`: a process waiting at `node`, reached through the real flow."""
    return Driver(
        drive=drive, act=act, reporter=reporter, fire_timers=fire_timers, file_report=file_report, users=users
    )


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def outsider_urls(task: Task) -> list[str]:
    registered = registry.task_url(task)
    if registered:
        return [registered]
    return [task.flow_task.reverse(name, args=[task.process_id, task.pk]) for name in ("assign", "execute")]


@pytest.mark.parametrize("node", human_nodes(), ids=attrgetter("name"))
def test_task_page_opens_claims_refuses_bad_input_and_submits(node, drive, users):
    stop = drive.to(node)
    task = stop.task
    before = state_of(stop)

    # Another bureau's officer neither sees the task nor opens or takes it.
    other = client_for(users.other_bureau)
    for list_name in ("queue", "inbox"):
        assert task_marker(task) not in other.get(reverse(f"case:{list_name}")).content.decode()
    for url in outsider_urls(task):
        assert other.get(url).status_code in (403, 404), url
        assert other.post(url, stop.valid).status_code in (403, 404), url
    assert state_of(stop) == before

    # The rightful user claims it from the workbench list and lands on its form with the facts.
    client = client_for(stop.user)
    url, page = claim(client, task)
    assert page.status_code == 200, url
    html = page.content.decode()
    assert "<form" in html and 'name="csrfmiddlewaretoken"' in html
    case = Case.objects.filter(process_id=task.process_id).first()
    if case is not None:
        assert case.reference in html and escape(case.report.description) in html
    claimed = state_of(stop)

    # Once taken, still nothing for the other bureau.
    for url_ in outsider_urls(task):
        assert other.get(url_).status_code in (403, 404), url_
        assert other.post(url_, stop.valid).status_code in (403, 404), url_

    # An empty form is refused with its errors shown, and nothing changes.
    refused = client.post(url, {})
    assert refused.status_code == 422
    form = refused.context["form"]
    assert form.errors
    refused_html = refused.content.decode()
    for errors in form.errors.values():
        for error in errors:
            assert escape(error) in refused_html
    assert state_of(stop) == claimed

    # A valid form does the step.
    done = client.post(url, stop.valid)
    assert done.status_code == 302, done.content.decode()[:3000]
    task.refresh_from_db()
    assert task.status == STATUS.DONE
    assert open_nodes(task.process_id) == sorted(stop.next_nodes)


def test_every_human_node_is_walked():
    """The walk covers the case flow and every registered flow (credit's four)."""
    names = {node.name for node in human_nodes()}
    assert {"CaseFlow.triage", "CaseFlow.dispute_review", "PublicationFlow.publish"} <= names
    assert {flow_class.__name__ for flow_class in registry.task_flows()} >= {
        "CaseFlow",
        "PublicationFlow",
        "EnforcementFlow",
        "RepairFlow",
        "RedListFlow",
    }
