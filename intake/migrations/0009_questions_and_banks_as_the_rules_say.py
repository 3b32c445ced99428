"""Questionnaires fitted to the problems the rules name, and 各银行 as a group the
administrator fills.

- Area 1 (line 17): the scam types of the rules (phishing sites posing as government,
  education or financial bodies, "机票退改签" refund scams, malicious charges and inducements
  to pay, extortion, information theft, fake base stations).
- Area 5 (line 24): non-disclosure of assessments and environmental information, the
  third-party agencies the rules name (assessment, acceptance monitoring, discharge-permit
  drafting, remediation); noise, which the rules do not name, is dropped.
- Area 10 (line 34): unlicensed organisers and clubs, outbound tours without licence, inflated
  shop prices, unpaid reception fees, beside forced shopping.
- Area 16 (line 44): 诈捐, 骗捐, posing as a charity, misuse of donations.
- 各银行 (areas 1, 4, 12, 18, part 3): the rules name no bank; the five banks shipped as its
  members are removed (kept inactive where something refers to them) so the administrator
  adds the banks the city means.

Plain literals only.
"""

from django.db import migrations
from django.db.models import ProtectedError

OTHER = {"key": "other", "name": "其他", "name_en": "Other"}


def c(key, name, name_en):
    return {"key": key, "name": name, "name_en": name_en}


# (area code, question code, position, text, English, choices)
QUESTIONS = [
    (
        "telecom_fraud",
        "scam_type",
        4,
        "诈骗类型",
        "Type of scam",
        [
            c(
                "phishing_site",
                "仿冒政府、教育、金融机构等的钓鱼网站",
                "Phishing site posing as a government, school or bank",
            ),
            c("refund_scam", "“机票退改签”等退款诈骗", "Fake refund or ticket-change call"),
            c("malicious_charges", "恶意扣费、诱骗付费", "Malicious charges or tricked into paying"),
            c("extortion", "敲诈勒索", "Extortion"),
            c("information_theft", "窃取个人信息", "Theft of personal information"),
            c("fake_base_station", "“伪基站”短信", "Text from a fake base station"),
            OTHER,
        ],
    ),
    (
        "environment",
        "pollution_type",
        1,
        "问题类型",
        "Type of problem",
        [
            c("water", "偷排废水", "Secret discharge of waste water"),
            c("air", "偷排废气、烟尘", "Secret discharge of fumes or dust"),
            c("solid_waste", "违法处置固体废物", "Illegal dumping of solid waste"),
            c(
                "non_disclosure",
                "未公开环评信息或环保信息",
                "Assessment or environmental information not disclosed",
            ),
            c("assessment_agency", "环评机构弄虚作假", "Environmental assessment firm falsified its work"),
            c(
                "monitoring_agency",
                "验收监测（调查）机构弄虚作假",
                "Acceptance monitoring or survey firm falsified its work",
            ),
            c(
                "permit_drafting_agency",
                "排污许可申报文件编制机构弄虚作假",
                "Firm drafting discharge-permit applications falsified them",
            ),
            c(
                "remediation_agency",
                "环境治理修复机构达不到预期效果",
                "Remediation firm did not achieve the promised result",
            ),
            OTHER,
        ],
    ),
    (
        "low_price_tours",
        "conduct",
        3,
        "问题类型",
        "Type of problem",
        [
            c("forced_shopping", "强迫或诱骗购物、消费", "Forced or tricked into shopping or paying"),
            c("inflated_prices", "旅游购物店价格虚高", "Inflated prices in a tourist shop"),
            c(
                "unlicensed_organiser",
                "非旅游企业或个人借户外俱乐部、社团、网络平台、微信组织旅游",
                "Tour organised by a club, group, platform or WeChat without a travel licence",
            ),
            c("outbound_without_licence", "未经许可经营出境旅游", "Outbound tours without a licence"),
            c(
                "unpaid_reception_fees",
                "旅行社不支付或不足额支付接待和服务费用",
                "Agency did not pay, or underpaid, reception and service fees",
            ),
            c("guide_conduct", "导游执业不规范", "Guide's misconduct"),
            OTHER,
        ],
    ),
    (
        "charity_fraud",
        "conduct",
        4,
        "问题类型",
        "Type of problem",
        [
            c("false_pledge", "诈捐（承诺捐赠不兑现）", "Pledged donation never paid (诈捐)"),
            c("fraudulent_appeal", "骗捐（编造理由募捐）", "Appeal for donations on false grounds (骗捐)"),
            c(
                "posing_as_charity",
                "冒用慈善组织名义组织捐助",
                "Collecting in the name of a charity without permission",
            ),
            c("misused_donations", "慈善组织违法违规使用善款", "A charity misusing donations"),
            OTHER,
        ],
    ),
]
BANKS = ["bank_icbc", "bank_abc", "bank_boc", "bank_ccb", "bank_psbc"]


def load(apps, schema_editor):
    Question = apps.get_model("intake", "Question")
    Area = apps.get_model("intake", "Area")
    Bureau = apps.get_model("intake", "Bureau")
    Question.objects.filter(area__code="low_price_tours", code="forced_shopping").delete()
    for area_code, code, position, text, text_en, choices in QUESTIONS:
        area = Area.objects.filter(code=area_code).first()
        if area is None:
            continue
        Question.objects.update_or_create(
            area=area,
            code=code,
            defaults={
                "text": text,
                "text_en": text_en,
                "datatype": "choice",
                "required": False,
                "choices": choices,
                "position": position,
            },
        )
    for bank in Bureau.objects.filter(code__in=BANKS, parent__code="banks"):
        try:
            bank.delete()
        except ProtectedError:
            bank.is_active = False
            bank.save(update_fields=["is_active"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0008_bureau_credit_code")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
