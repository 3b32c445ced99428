"""Scenario 2: a wage-arrears case from the resident's report to its closure, each person in
a browser context of their own, with the clicks of every step counted."""

import datetime
import random
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from stdnum.cn import uscc

from tests.browser.helpers import JOURNEYS, PHONE, Journey, audit, audit_assert, login, new_user
from tests.browser.resident import fill_wage_arrears, photo, receipt_of, track_open
from tests.browser.staff import fill, open_from_inbox, submit, take

pytestmark = pytest.mark.browser

CITY = ZoneInfo("Asia/Shanghai")


def credit_code() -> str:
    """A unified social credit code of a new company (valid check characters)."""
    while True:
        base = "91460400" + "".join(random.choice("0123456789") for _ in range(9))
        code = base + uscc.calc_check_digit(base)
        if uscc.is_valid(code):
            return code


def credit_task(journey, page, reference: str, title: str, *texts: str) -> None:
    """Open the case's credit task (publication, enforcement) from the credit task list:
    where the list does not tell the case, open the newest candidates until one does."""
    page.goto("/credit/tasks/")
    items = page.locator("ul.entries > li").filter(has_text=title)
    for text in texts:
        items = items.filter(has_text=text)
    for index in reversed(range(items.count())):
        journey.click(items.nth(index).locator("a").first)
        page.wait_for_url(re.compile(r"/(credit/tasks|workflow/case/tasks)/\d+/"))
        if page.locator("main").get_by_text(reference).count():
            return
        page.go_back()
        page.wait_for_url("**/credit/tasks/")
    raise AssertionError(f"no credit task {title} {texts} of {reference} in the list")


def dashboard_closed(page) -> str:
    card = page.locator("#counters a.card").nth(2)  # received, accepted, closed, ...
    return card.locator("b").inner_text()


def test_a_wage_arrears_case_runs_from_report_to_closure(stack, new_context, tmp_path, test_name):
    journey = Journey("Scenario 2: a wage-arrears case from report to closure")
    JOURNEYS.append(journey)
    today = datetime.datetime.now(CITY).date()
    company = f"儋州{random.randint(1000, 9999)}建设工程有限公司"
    code = credit_code()

    # The supervisor keeps the dashboard open throughout.
    supervisor = new_user(new_context, stack).new_page()
    login(supervisor, "supervisor", next_path="/supervision/")
    expect(supervisor.locator("#counters")).to_be_visible()
    closed_before = dashboard_closed(supervisor)
    audit(supervisor, test_name)

    resident = journey.watch(new_user(new_context, stack, device=PHONE).new_page())
    with journey.step("Resident files the report (from the start page)"):
        resident.goto("/")
        journey.click(resident.locator("a[href='/report/?area=wage_arrears']"))
        fill_wage_arrears(resident, "zh-hans", photo(tmp_path))
        journey.click(resident.locator("form.report-form [type=submit]"))
        resident.wait_for_url("**/report/done/")
        filed = receipt_of(resident)

    triage = journey.watch(new_user(new_context, stack).new_page())
    login(triage, "triage")
    with journey.step("Triage dispatches it (from the inbox)"):
        take(journey, triage, filed.reference)
        audit(triage, test_name)
        submit(journey, triage, fill(journey, triage, {"action": "dispatch"}))

    hrss = journey.watch(new_user(new_context, stack).new_page())
    login(hrss, "hrss")
    with journey.step("Bureau signs for it"):
        take(journey, hrss, filed.reference)
        audit(hrss, test_name)
        submit(journey, hrss, fill(journey, hrss, {"decision": "sign"}))
        audit(hrss, test_name, label="case page")

    with journey.step("Bureau investigates and asks the police to assist"):
        open_from_inbox(journey, hrss, filed.reference)
        audit(hrss, test_name)
        values = {
            "findings": "现场核实:该公司拖欠20名工人工资共5万元。",
            "next_step": "assist",
            "bureaus": ["3"],  # 市公安局, a participating unit of wage arrears
            "question": "请协助核查负责人下落。",
        }
        submit(journey, hrss, fill(journey, hrss, values))

    psb = journey.watch(new_user(new_context, stack).new_page())
    login(psb, "psb")
    with journey.step("The police answer the assistance request"):
        take(journey, psb, filed.reference)
        audit(psb, test_name)
        submit(journey, psb, fill(journey, psb, {"opinion": "已核查,负责人仍在本市,可配合约谈。"}))

    with journey.step("Bureau ends the investigation"):
        open_from_inbox(journey, hrss, filed.reference)
        submit(journey, hrss, fill(journey, hrss, {"next_step": "decide"}))

    with journey.step("Bureau decides a penalty and a blacklist listing"):
        open_from_inbox(journey, hrss, filed.reference)
        audit(hrss, test_name)
        values = {
            "kinds": ["penalty", "blacklist"],
            "subject_name": company,
            "subject_credit_code": code,
            "summary": "拖欠20名工人工资5万元,责令支付并处罚款。",
            "legal_basis": "《保障农民工工资支付条例》第五十四条",
            "decision_number": "儋人社罚〔2026〕12号",
            "amount": "20000",
            "decision_date": today.isoformat(),
            "measures": ["7"],  # stop the resident medical insurance subsidy, carried out by 市人社局
            "listed_until": today.replace(year=today.year + 1).isoformat(),
        }
        submit(journey, hrss, fill(journey, hrss, values))

    for kind in ("行政处罚", "失信黑名单"):
        with journey.step(f"Bureau publishes the decision ({kind})"):
            credit_task(journey, hrss, filed.reference, "公示处理决定", kind, company)
            audit(hrss, test_name)
            submit(journey, hrss, fill(journey, hrss, {"checked": True}))

    with journey.step("Bureau confirms the joint-punishment measure"):
        credit_task(journey, hrss, filed.reference, "确认措施已落实", "停止城乡居民医保财政补助")
        audit(hrss, test_name)
        submit(journey, hrss, fill(journey, hrss, {"took_effect": "yes"}))

    reply = "经查,该公司拖欠工资属实,已责令支付并处罚款,列入失信黑名单。"
    with journey.step("Officer replies to the resident"):
        open_from_inbox(journey, hrss, filed.reference)
        audit(hrss, test_name)
        submit(journey, hrss, fill(journey, hrss, {"text": reply}))

    resident.context.close()
    resident = journey.watch(new_user(new_context, stack, device=PHONE).new_page())
    with journey.step("Resident reads the reply and rates"):
        track_open(resident, filed.receipt, journey=journey)
        expect(resident.locator(".updates")).to_contain_text(reply)
        audit(resident, test_name, both_languages=False)
        journey.click(resident.locator("input[name=rating][value='5']"))
        journey.click(resident.locator("#rating [type=submit]"))
        resident.wait_for_load_state()
        expect(resident.locator(".messages")).to_be_visible()

    # The case closes on the rating; the supervisor's figure moves without a reload.
    expect(supervisor.locator("#counters a.card").nth(2).locator("b")).not_to_have_text(
        closed_before, timeout=20000
    )
    hrss.goto(f"/workflow/case/cases/{filed.reference}/")
    expect(hrss.locator("main")).to_contain_text("已办结")
    audit_assert(test_name)
