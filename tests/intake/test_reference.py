"""The reference data migration: areas, bureaus, routing and questions from the rules."""

import pytest

from intake.models import Area, AreaBureau, Bureau, Question

pytestmark = pytest.mark.django_db

AREA_CODES = [
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

# Complete routing for a few rows: (bureau code, role) in the order of the rules.
ROUTING = {
    "telecom_fraud": [
        ("psb", "lead"),
        ("ndrc", "co_lead"),
        ("cac", "participant"),
        ("court", "participant"),
        ("finance_office", "participant"),
        ("miit", "participant"),
        ("banks", "participant"),
    ],
    "fraud_blacklist_controls": [("politics_law", "lead")]
    + [
        (code, "participant")
        for code in [
            "psb",
            "court",
            "procuratorate",
            "finance_office",
            "land",
            "banking_regulator",
            "admin_enforcement",
            "ecology",
            "gov_services",
            "industry_commerce",
            "civil_affairs",
            "tax",
            "health",
            "hrss",
            "miit",
            "justice",
            "telecom_company",
            "towns",
        ]
    ],
    "judgment_default": [
        ("politics_law", "lead"),
        ("court", "co_lead"),
        ("psb", "participant"),
        ("justice", "participant"),
        ("housing", "participant"),
        ("banks", "participant"),
    ],
    "insurance_fraud": [
        ("finance_office", "lead"),
        ("ndrc", "participant"),
        ("court", "participant"),
        ("psb", "participant"),
        ("hrss", "participant"),
    ],
    "low_price_tours": [("tourism", "lead"), ("price", "participant")],
    "illegal_social_orgs": [
        ("civil_affairs", "lead"),
        ("ndrc", "co_lead"),
        ("politics_law", "participant"),
        ("psb", "participant"),
    ],
    "performance_tickets": [
        ("tourism", "lead"),
        ("culture_sports", "co_lead"),
        ("cac", "participant"),
        ("miit", "participant"),
        ("psb", "participant"),
    ],
}

# Every unit named in the table, by its Chinese name as written in the rules.
TABLE_UNITS = {
    "市公安局": "psb",
    "市发改委": "ndrc",
    "市网信办": "cac",
    "市人民法院": "court",
    "市金融办": "finance_office",
    "市工信局": "miit",
    "各银行": "banks",
    "市委政法委": "politics_law",
    "市检察院": "procuratorate",
    "市国土局": "land",
    "儋州银监办": "banking_regulator",
    "市综合行政执法局": "admin_enforcement",
    "市环保局": "ecology",
    "市政务中心": "gov_services",
    "市工商局": "industry_commerce",
    "市民政局": "civil_affairs",
    "市税务局": "tax",
    "市卫计委": "health",
    "市人社局": "hrss",
    "市司法局": "justice",
    "市电信公司": "telecom_company",
    "各镇": "towns",
    "市财政局": "finance_bureau",
    "市扶贫办": "poverty_relief",
    "市食药监": "drug_admin",
    "市旅游委": "tourism",
    "市物价局": "price",
    "市住建局": "housing",
    "市交通局": "transport",
    "市文体局": "culture_sports",
}


def routing_of(code):
    return list(
        AreaBureau.objects.filter(area__code=code).order_by("position").values_list("bureau__code", "role")
    )


def question(area, code):
    return Question.objects.get(area__code=area, code=code)


def test_eighteen_areas_in_order_with_names():
    areas = list(Area.objects.order_by("number"))
    assert [a.code for a in areas] == AREA_CODES
    assert [a.number for a in areas] == list(range(1, 19))
    for area in areas:
        assert area.name and area.name_en, area.code
        assert area.summary and area.summary_en, area.code
        assert area.is_active
    assert Area.objects.get(code="telecom_fraud").name == "电信网络诈骗"
    assert Area.objects.get(code="telecom_fraud").publish_description is False


def test_every_area_has_exactly_one_lead_matching_the_rules():
    assert set(LEADS) == set(AREA_CODES)
    for code, lead in LEADS.items():
        leads = AreaBureau.objects.filter(area__code=code, role=AreaBureau.Role.LEAD)
        assert [entry.bureau.code for entry in leads] == [lead], code
        # The lead comes first in the order of the rules.
        assert routing_of(code)[0] == (lead, "lead"), code


def test_positions_are_consecutive():
    for code in AREA_CODES:
        positions = list(
            AreaBureau.objects.filter(area__code=code).order_by("position").values_list("position", flat=True)
        )
        assert positions == list(range(len(positions))), code


@pytest.mark.parametrize("code", sorted(ROUTING))
def test_full_routing(code):
    assert routing_of(code) == ROUTING[code]


def test_ndrc_is_co_lead_wherever_the_rules_say_so():
    co_led = set(
        AreaBureau.objects.filter(bureau__code="ndrc", role="co_lead").values_list("area__code", flat=True)
    )
    assert co_led == set(AREA_CODES) - {
        "fraud_blacklist_controls",
        "low_price_tours",
        "judgment_default",
        "insurance_fraud",
        "charity_fraud",
        "performance_tickets",
    }


def test_every_unit_of_the_table_exists():
    for name, code in TABLE_UNITS.items():
        assert Bureau.objects.get(code=code).name == name
    for bureau in Bureau.objects.all():
        assert bureau.name_en, bureau.code
    routed = set(AreaBureau.objects.values_list("bureau__code", flat=True))
    assert routed == set(TABLE_UNITS.values())


def test_other_bodies_of_the_rules_exist():
    for code, name in {
        "publicity": "市委宣传部",
        "education": "市教育局",
        "broadcasting": "广播电视台",
        "news_centre": "市新闻中心",
    }.items():
        assert Bureau.objects.get(code=code).name == name


def test_politics_and_law_commission_is_one_bureau():
    assert not Bureau.objects.filter(name="市政法委").exists()
    assert Bureau.objects.filter(name="市委政法委").count() == 1
    commission = Bureau.objects.get(code="politics_law")
    areas = set(commission.routing.values_list("area__code", flat=True))
    assert areas == {"fraud_blacklist_controls", "judgment_default", "illegal_social_orgs"}


def test_complaint_centre_and_supervisors():
    centre = Bureau.objects.get(code="complaint_centre")
    assert centre.name == "市投诉举报中心"
    assert centre.kind == Bureau.Kind.COMPLAINT_CENTRE
    office = Bureau.objects.get(code="civilisation_office")
    assert office.name == "市文明办"
    assert office.kind == Bureau.Kind.SUPERVISION
    assert Bureau.objects.get(code="ndrc").kind == Bureau.Kind.BUREAU


def test_groups_have_members():
    banks = Bureau.objects.get(code="banks")
    towns = Bureau.objects.get(code="towns")
    assert (banks.name, banks.kind) == ("各银行", Bureau.Kind.GROUP)
    assert (towns.name, towns.kind) == ("各镇", Bureau.Kind.GROUP)
    assert towns.members.count() == 16
    assert set(towns.members.values_list("name", flat=True)) >= {"那大镇", "白马井镇", "新州镇"}
    assert set(towns.members.values_list("kind", flat=True)) == {Bureau.Kind.MEMBER}
    # Members are only reached through their group, never routed directly.
    assert not AreaBureau.objects.filter(bureau__kind=Bureau.Kind.MEMBER).exists()
    assert not Bureau.objects.filter(kind=Bureau.Kind.MEMBER, parent__isnull=True).exists()


def test_all_banks_is_a_group_the_administrator_fills(admin_client):
    """The rules name 各银行 and no bank: no member is invented; the administrator adds them."""
    banks = Bureau.objects.get(code="banks")
    assert not banks.members.exists()
    response = admin_client.post(
        "/admin/intake/bureau/add/",
        {
            "code": "bank_rcc",
            "name": "儋州农村商业银行",
            "name_en": "",
            "kind": "member",
            "parent": banks.pk,
            "is_active": "on",
            "credit_code": "",
        },
    )
    assert response.status_code == 302
    assert list(banks.members.values_list("name", flat=True)) == ["儋州农村商业银行"]


def test_every_area_has_sensible_questions():
    datatypes = set(Question.Datatype.values)
    for area in Area.objects.all():
        questions = list(area.questions.order_by("position"))
        assert 2 <= len(questions) <= 5, area.code
        assert [q.position for q in questions] == list(range(len(questions))), area.code
        assert sum(q.required for q in questions) <= 2, area.code
        for q in questions:
            assert q.datatype in datatypes, q
            assert q.text and q.text_en, q
            if q.datatype == Question.Datatype.CHOICE:
                assert len(q.choices) >= 2, q
                keys = [choice["key"] for choice in q.choices]
                assert len(keys) == len(set(keys)), q
                for choice in q.choices:
                    assert choice["name"] and choice["name_en"], q
            else:
                assert q.choices == [], q


@pytest.mark.parametrize(
    "area, code, datatype, required",
    [
        ("wage_arrears", "employer", "text", True),
        ("wage_arrears", "amount_owed", "number", True),
        ("wage_arrears", "workers", "number", False),
        ("wage_arrears", "period_unpaid", "text", False),
        ("telecom_fraud", "fraud_number", "text", True),
        ("telecom_fraud", "amount_lost", "number", False),
        ("telecom_fraud", "occurred_date", "date", False),
        ("telecom_fraud", "contact_method", "choice", False),
        ("tax_fake_invoices", "seller", "text", True),
        ("tax_fake_invoices", "invoice_number", "text", False),
        ("fake_drugs", "drug_name", "text", True),
        ("low_price_tours", "conduct", "choice", False),
        ("telecom_fraud", "scam_type", "choice", False),
        ("charity_fraud", "conduct", "choice", False),
        ("environment", "pollution_type", "choice", False),
        ("charity_fraud", "amount_donated", "number", False),
        ("illegal_lottery", "website_or_place", "text", True),
    ],
)
def test_questions_from_the_issue(area, code, datatype, required):
    q = question(area, code)
    assert q.datatype == datatype
    assert q.required is required


def test_contact_method_choices():
    q = question("telecom_fraud", "contact_method")
    assert [choice["key"] for choice in q.choices] == [
        "phone_call",
        "sms",
        "wechat_qq",
        "website_app",
        "other",
    ]
    assert q.choice_label("sms") == "短信"


def test_loading_again_updates_instead_of_duplicating():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("intake.migrations.0003_reference_data")
    fitted = importlib.import_module("intake.migrations.0009_questions_and_banks_as_the_rules_say")
    Bureau.objects.filter(code="psb").update(name_en="changed")
    counts = [model.objects.count() for model in (Bureau, Area, AreaBureau, Question)]
    migration.load(apps, None)
    fitted.load(apps, None)
    assert [model.objects.count() for model in (Bureau, Area, AreaBureau, Question)] == counts
    assert Bureau.objects.get(code="psb").name_en == "Danzhou Public Security Bureau"
    assert routing_of("telecom_fraud") == ROUTING["telecom_fraud"]


def _choices(area: str, code: str) -> dict[str, str]:
    return {choice["key"]: choice["name"] for choice in question(area, code).choices}


def test_questionnaires_name_the_problems_of_the_rules():
    """Rules, areas 1 (line 17), 5 (line 24), 10 (line 34) and 16 (line 44)."""
    scams = _choices("telecom_fraud", "scam_type")
    assert {"phishing_site", "refund_scam", "malicious_charges", "extortion"} <= set(scams)
    assert "钓鱼网站" in scams["phishing_site"] and "机票退改签" in scams["refund_scam"]
    environment = _choices("environment", "pollution_type")
    assert {"non_disclosure", "monitoring_agency", "permit_drafting_agency", "remediation_agency"} <= set(
        environment
    )
    assert "noise" not in environment  # the rules do not name noise
    tours = _choices("low_price_tours", "conduct")
    assert {
        "unlicensed_organiser",
        "outbound_without_licence",
        "inflated_prices",
        "unpaid_reception_fees",
    } <= set(tours)
    assert not Question.objects.filter(area__code="low_price_tours", code="forced_shopping").exists()
    charity = _choices("charity_fraud", "conduct")
    assert {"false_pledge", "fraudulent_appeal", "posing_as_charity", "misused_donations"} <= set(charity)
    assert charity["false_pledge"].startswith("诈捐")
