"""Scenario 3: the other paths of a case, through the pages: returned twice and placed by a
supervisor; an extension asked and refused; a rectification missed, then the interview; a
referral acknowledged by the police; a dispute, and the case reopened."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, Journey, audit, audit_assert, login, new_user
from tests.browser.resident import file_report, track_open
from tests.browser.staff import fill, submit, work_on

pytestmark = pytest.mark.browser

CITY = ZoneInfo("Asia/Shanghai")


def rectification_falls_due(stack, reference: str) -> None:
    """The rectification deadline passes: the case's rectification timer is made due and the
    periodic sweep (what Celery beat runs every minute) fires it."""
    stack.shell(
        "from django.utils import timezone\n"
        "from viewflow.workflow.models import Task\n"
        "from workflow.flows import CaseFlow\n"
        "from workflow.models import Case\n"
        f"case = Case.objects.get(reference={reference!r})\n"
        "timer = Task.objects.get(process_id=case.process_id, flow_task=CaseFlow.rectification_wait,"
        " status='SCHEDULED')\n"
        "Task.objects.filter(pk=timer.pk).update(scheduled=timezone.now())"
    )
    assert "1 timers fired" in stack.manage("fire_timers")


def test_returned_placed_extended_rectified_referred_disputed_and_reopened(
    stack, new_context, tmp_path, test_name
):
    steps = Journey("scenario 3")  # clicks are not reported for this one
    today = datetime.datetime.now(CITY).date()
    resident = new_user(new_context, stack, device=PHONE).new_page()
    filed = file_report(resident, tmp_path)
    ref = filed.reference
    defects: list[str] = []  # pages that answer an error after a step, reported at the end

    triage, hrss, psb, supervisor = (steps.watch(new_user(new_context, stack).new_page()) for _ in range(4))
    login(triage, "triage")
    login(hrss, "hrss")
    login(psb, "psb")
    login(supervisor, "supervisor")

    # Returned twice; the second return goes to a supervisor, who places the case.
    for attempt in (1, 2):
        work_on(steps, triage, ref)
        submit(steps, triage, fill(steps, triage, {"action": "dispatch"}))
        work_on(steps, hrss, ref)
        values = {"decision": "return", "reason": f"第{attempt}次退单:不属于本单位职责。"}
        submit(steps, hrss, fill(steps, hrss, values), defects=defects)
    work_on(steps, supervisor, ref)
    audit(supervisor, test_name)
    submit(steps, supervisor, fill(steps, supervisor, {"bureau": "21", "note": "经研究,由市人社局办理。"}))

    # Signed for; an extension is asked and refused.
    work_on(steps, hrss, ref)
    submit(steps, hrss, fill(steps, hrss, {"decision": "sign"}))
    work_on(steps, hrss, ref)
    values = {"next_step": "extend", "working_days": "10", "reason": "需调取银行流水,时间不足。"}
    submit(steps, hrss, fill(steps, hrss, values))
    work_on(steps, supervisor, ref)
    audit(supervisor, test_name)
    submit(steps, supervisor, fill(steps, supervisor, {"approved": "no", "note": "现有材料足以作出决定。"}))

    # Decided: a rectification order, which is missed; the interview follows.
    work_on(steps, hrss, ref)
    values = {"findings": "公司拖欠20名工人工资5万元属实。", "next_step": "decide"}
    submit(steps, hrss, fill(steps, hrss, values))
    work_on(steps, hrss, ref)
    values = {
        "kinds": ["rectification"],
        "summary": "责令限期支付拖欠工资。",
        "rectification_due": (today + datetime.timedelta(days=7)).isoformat(),
    }
    submit(steps, hrss, fill(steps, hrss, values))
    rectification_falls_due(stack, ref)
    work_on(steps, hrss, ref)
    audit(hrss, test_name)
    values = {
        "rectified": "no",
        "interview_date": today.isoformat(),
        "interview_summary": "约谈公司负责人及住建部门,负责人承认拖欠。",
    }
    submit(steps, hrss, fill(steps, hrss, values))

    # Stronger outcome: a referral, acknowledged by the police with their case number.
    work_on(steps, hrss, ref)
    submit(
        steps,
        hrss,
        fill(steps, hrss, {"kinds": ["referral"], "summary": "涉嫌拒不支付劳动报酬罪,移送公安机关。"}),
    )
    work_on(steps, psb, ref)
    audit(psb, test_name)
    submit(steps, psb, fill(steps, psb, {"acknowledged": "yes", "police_case_number": "儋公立〔2026〕88号"}))

    # Reply; the resident disputes it; the supervisor reopens the investigation.
    work_on(steps, hrss, ref)
    submit(steps, hrss, fill(steps, hrss, {"text": "已移送公安机关立案侦查。"}))
    track_open(resident, filed.receipt)
    resident.locator("input[name=rating][value='1']").check()
    resident.locator("#id_dispute").fill("工资至今没有拿到,不同意结案。")
    resident.locator("#rating [type=submit]").click()
    resident.wait_for_load_state()
    work_on(steps, supervisor, ref)
    audit(supervisor, test_name)
    submit(steps, supervisor, fill(steps, supervisor, {"reopen": "yes", "note": "工资尚未支付,重新调查。"}))

    # The case is back with the bureau's investigation.
    work_on(steps, hrss, ref)
    expect(hrss).to_have_url(re.compile(r"/investigate/\d+/execute/"))
    assert not defects, "error pages after a step:\n" + "\n".join(defects)
    audit_assert(test_name)
