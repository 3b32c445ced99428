"""Outcomes the rules name, decided through the flow: shutting down fraud numbers (area 1),
holding officials accountable (areas 2, 6), referral to judicial organs (area 9), banning an
illegal social organisation (area 15), education instead of sanction (part 3(2)3) and the
seven-always rule of area 3 (七个一律)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from credit.models import CreditRecord, Listing, Publication
from intake.models import Bureau
from workflow.models import Measure, Outcome
from workflow.services import OutcomeSpec
from workflow.services.decisions import SEVEN_RULES_MEASURES

pytestmark = pytest.mark.django_db
COMPANY = {
    "subject_kind": "organisation",
    "subject_name": "儋州某科技有限公司",
    "subject_credit_code": "91460000MA5T0000X6",
}
PERSON = {"subject_kind": "person", "subject_name": "李某某"}


def _to_decision(file_report, drive, area_code: str):
    """A case of `area_code`, dispatched to hrss (the drive's officer) and investigated."""
    case = file_report(area_code)
    drive.dispatch(case, bureau=Bureau.objects.get(code="hrss"))
    drive.sign(case)
    drive.to_decision(case)
    return case


def _record_kinds(case) -> set[str]:
    return set(CreditRecord.objects.filter(case=case).values_list("kind", flat=True))


def test_fraud_numbers_and_accounts_are_shut_down(file_report, drive, flow):
    """Rules, area 1 (line 17): 对诈骗类号码、账户一律关停."""
    case = _to_decision(file_report, drive, "telecom_fraud")
    drive.decide(
        case, OutcomeSpec(kind="shutdown", summary="关停诈骗号码13800000000及其支付账户。", **COMPANY)
    )
    assert Outcome.objects.get(case=case).kind == "shutdown"
    assert _record_kinds(case) == {CreditRecord.Kind.SHUTDOWN}
    assert flow.open_nodes(case) == ["reply"]


@pytest.mark.parametrize("area_code", ["online_rumours", "poverty_relief"])
def test_officials_are_held_accountable(area_code, file_report, drive):
    """Rules, areas 2 and 6 (lines 18, 26): 严格追究相关人员责任 / 严肃追究责任."""
    case = _to_decision(file_report, drive, area_code)
    drive.decide(case, OutcomeSpec(kind="accountability", summary="对平台负责人追究责任。", **COMPANY))
    assert _record_kinds(case) == {CreditRecord.Kind.ACCOUNTABILITY}


def test_criminal_wage_arrears_are_referred_to_judicial_organs(file_report, drive):
    """Rules, area 9 (line 32): 恶意欠薪涉嫌犯罪的，依法移送司法机关."""
    case = _to_decision(file_report, drive, "wage_arrears")
    with pytest.raises(ValidationError) as error:
        drive.decide(case, OutcomeSpec(kind="judicial_referral", **COMPANY))
    assert "summary" in error.value.message_dict
    drive.decide(case, OutcomeSpec(kind="judicial_referral", summary="移送市检察院审查起诉。", **COMPANY))
    assert _record_kinds(case) == {CreditRecord.Kind.JUDICIAL_REFERRAL}


def test_an_illegal_social_organisation_is_banned_and_listed_publicly(
    file_report, drive, hrss_officer, client
):
    """Rules, area 15 (line 43): 依法取缔非法社会组织; 公布非法社会组织名单."""
    case = _to_decision(file_report, drive, "illegal_social_orgs")
    with pytest.raises(ValidationError):
        drive.decide(case, OutcomeSpec(kind="ban", summary="依法取缔。", **PERSON))
    drive.decide(
        case, OutcomeSpec(kind="ban", summary="未经登记以社会组织名义开展活动，依法取缔。", **COMPANY)
    )
    assert _record_kinds(case) == {CreditRecord.Kind.BANNED}
    publication = Publication.objects.get(case=case)
    assert publication.kind == Publication.Kind.BANNED and publication.valid_until is None
    from credit.services.publications import publication_publish

    publication_publish(publication=publication, user=hrss_officer)
    page = client.get("/credit/social-organisations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "儋州某科技有限公司" in page
    listed = client.get("/credit/?kind=banned").content.decode()
    assert "儋州某科技有限公司" in listed


def test_banning_belongs_to_area_15(file_report, drive):
    case = _to_decision(file_report, drive, "wage_arrears")
    with pytest.raises(ValidationError) as error:
        drive.decide(case, OutcomeSpec(kind="ban", summary="依法取缔。", **COMPANY))
    assert "kinds" in error.value.message_dict
    assert not Outcome.objects.filter(case=case).exists()


def test_education_instead_of_sanction_leaves_no_listing_and_no_record(file_report, drive, flow):
    """Rules, part 3(2)3 (line 57): 对非主观故意的轻微失信行为和未成年人失信行为，加强教育感化."""
    case = _to_decision(file_report, drive, "wage_arrears")
    measures = list(Measure.objects.filter(code="restrict_exit"))
    with pytest.raises(ValidationError) as error:
        drive.decide(
            case,
            OutcomeSpec(kind="education", summary="未成年人，初次失信。", **PERSON),
            OutcomeSpec(kind="blacklist", measures=measures, **PERSON),
        )
    assert "kinds" in error.value.message_dict
    drive.decide(
        case, OutcomeSpec(kind="education", summary="未成年人，初次失信，已进行教育引导。", **PERSON)
    )
    assert Outcome.objects.get(case=case).kind == "education"
    assert not Listing.objects.filter(case=case).exists()
    assert not CreditRecord.objects.filter(case=case).exists()
    assert flow.open_nodes(case) == ["reply"]


def test_seven_always_lists_a_key_person_with_the_measures_that_always_apply(file_report, drive):
    """Rules, area 3 (line 20): 一律将重点人员列入失信人员名单 and the other 一律 measures."""
    case = _to_decision(file_report, drive, "fraud_blacklist_controls")
    with pytest.raises(ValidationError) as error:
        drive.decide(case, OutcomeSpec(kind="penalty", decision_number="X", amount=0, **PERSON))
    assert "七个一律" in " ".join(error.value.message_dict["kinds"])
    some = list(Measure.objects.filter(code="restrict_exit"))
    with pytest.raises(ValidationError) as error:
        drive.decide(case, OutcomeSpec(kind="blacklist", measures=some, **PERSON))
    assert "measures" in error.value.message_dict
    assert not Outcome.objects.filter(case=case).exists()
    always = list(Measure.objects.filter(code__in=SEVEN_RULES_MEASURES))
    assert len(always) == len(SEVEN_RULES_MEASURES) == 8
    drive.decide(
        case,
        OutcomeSpec(
            kind="blacklist",
            measures=always,
            listed_until=timezone.localdate() + datetime.timedelta(days=365),
            **PERSON,
        ),
    )
    assert Listing.objects.get(case=case).enforcements.count() == 8
