"""Routing: a report in each of the 18 areas is dispatched to that area's lead bureau."""

import pytest

from workflow.models import Case

pytestmark = pytest.mark.django_db

# The first lead unit (牵头单位) of each row of the table in part 2 of the rules.
LEADS = {
    "telecom_fraud": "psb",
    "online_rumours": "psb",
    "fraud_blacklist_controls": "politics_law",
    "financial": "finance_office",
    "environment": "ecology",
    "poverty_relief": "poverty_relief",
    "illegal_medical": "health",
    "fake_drugs": "drug_admin",
    "wage_arrears": "hrss",
    "low_price_tours": "tourism",
    "tax_fake_invoices": "tax",
    "judgment_default": "politics_law",
    "transport": "transport",
    "insurance_fraud": "finance_office",
    "illegal_social_orgs": "civil_affairs",
    "charity_fraud": "civil_affairs",
    "performance_tickets": "tourism",
    "illegal_lottery": "psb",
}


@pytest.mark.parametrize("area_code", sorted(LEADS))
def test_report_lands_at_the_lead_bureau_of_its_area(area_code, file_report, drive, flow):
    case = file_report(area_code=area_code, description="举报内容:具体情况见下文描述,请核查处理。")
    drive.dispatch(case)
    assert case.bureau.code == LEADS[area_code]
    assert case.stage == Case.Stage.DISPATCHED
    assert flow.open_task(case, "sign").owner_permission == f"workflow.handle_bureau_{case.bureau_id}"
