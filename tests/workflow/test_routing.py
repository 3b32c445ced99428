"""Routing: a report in each of the 18 areas is dispatched to that area's lead bureau."""

import pytest

from intake.models import AreaBureau
from workflow.models import Case

pytestmark = pytest.mark.django_db

# The 18 areas of the rules; tests/intake/test_reference.py holds each one's lead unit to the
# table of the rules, so here the seed's routing is the expectation.
AREAS = [
    "telecom_fraud",
    "online_rumours",
    "fraud_blacklist_controls",
    "financial",
    "environment",
    "poverty_relief",
    "illegal_medical",
    "fake_drugs",
    "wage_arrears",
    "low_price_tours",
    "tax_fake_invoices",
    "judgment_default",
    "transport",
    "insurance_fraud",
    "illegal_social_orgs",
    "charity_fraud",
    "performance_tickets",
    "illegal_lottery",
]


@pytest.mark.parametrize("area_code", AREAS)
def test_report_lands_at_the_lead_bureau_of_its_area(area_code, file_report, drive, flow):
    case = file_report(area_code=area_code, description="举报内容:具体情况见下文描述,请核查处理。")
    drive.dispatch(case)
    lead = AreaBureau.objects.get(area__code=area_code, role=AreaBureau.Role.LEAD).bureau
    assert case.bureau == lead
    assert case.stage == Case.Stage.DISPATCHED
    assert flow.open_task(case, "sign").owner_permission == f"workflow.handle_bureau_{case.bureau_id}"
