"""Red-list incentives (rules part 3.2.2) and each area's listing criteria and exit procedure
(part 3.2.1) as starting text; administrators edit both in the admin.

Keyed on codes; running the forward step again leaves texts an administrator changed alone.
"""

from django.db import migrations

INCENTIVES = [
    (
        "green_channel",
        "绿色通道",
        "Green channel",
        "办理行政审批和公共服务事项时优先受理、优先办理。",
        "Applications and public services are taken and handled first.",
    ),
    (
        "accept_with_gaps",
        "容缺受理",
        "Accepted with minor gaps",
        "申请材料非核心部分有欠缺时先予受理，限期补齐。",
        "An application missing a minor document is accepted; the document follows within a set time.",
    ),
    (
        "fewer_inspections",
        "减少日常检查频次",
        "Fewer routine inspections",
        "在日常监管中适当降低抽查比例和检查频次。",
        "Routine supervision checks the subject less often.",
    ),
]

# area code -> (blacklist criteria, English)
CRITERIA = {
    "telecom_fraud": (
        "经查实实施电信网络诈骗，或为诈骗提供电话卡、银行账户、支付账户等帮助的个人和单位。",
        "Persons and organisations found to have committed telecom or online fraud, or to have "
        "supplied phone cards, bank or payment accounts for it.",
    ),
    "online_rumours": (
        "经查实在互联网编造、传播虚假信息，造成恶劣社会影响并受到行政处罚的个人和单位。",
        "Persons and organisations penalised for making up or spreading false information online "
        "with serious social effect.",
    ),
    "fraud_blacklist_controls": (
        "被公安机关认定为电信网络诈骗重点人员并纳入“七个一律”管控的人员。",
        "Persons the police named as key telecom-fraud persons under the “seven musts” controls.",
    ),
    "financial": (
        "非法集资、恶意逃废金融债务、骗取贷款等严重失信的个人和单位。",
        "Persons and organisations that raised funds illegally, evaded financial debts in bad "
        "faith or obtained loans by deceit.",
    ),
    "environment": (
        "超标排污、篡改伪造监测数据、未批先建等环境违法行为受到处罚且拒不整改的企业。",
        "Enterprises penalised for excess emissions, falsified monitoring data or building "
        "without approval, that refused to rectify.",
    ),
    "poverty_relief": (
        "虚报冒领、骗取扶贫资金或扶贫政策待遇的个人和单位。",
        "Persons and organisations that obtained poverty-relief funds or benefits by false claims.",
    ),
    "illegal_medical": (
        "未取得执业资格或医疗机构执业许可而从事诊疗活动，受到处罚的个人和机构。",
        "Persons and institutions penalised for practising medicine without a licence.",
    ),
    "fake_drugs": (
        "生产、销售假药、劣药受到处罚或被追究刑事责任的单位和个人。",
        "Organisations and persons penalised or prosecuted for making or selling counterfeit or "
        "substandard drugs.",
    ),
    "wage_arrears": (
        "克扣、无故拖欠农民工工资数额较大，或经责令限期支付逾期未支付的用人单位及其负责人。",
        "Employers and their managers who withheld large sums of migrant workers' wages or did "
        "not pay by the ordered date.",
    ),
    "low_price_tours": (
        "组织“不合理低价游”、强迫或变相强迫购物受到处罚的旅行社和导游。",
        "Travel agencies and guides penalised for unreasonably cheap tours with forced shopping.",
    ),
    "tax_fake_invoices": (
        "偷税、骗取出口退税、虚开或使用虚假发票，达到重大税收违法案件标准的纳税人。",
        "Taxpayers whose evasion, export-rebate fraud or fake invoices reach the threshold of a "
        "major tax violation case.",
    ),
    "judgment_default": (
        "有履行能力而拒不履行生效法律文书确定义务，被人民法院依法纳入失信被执行人名单的主体。",
        "Subjects able to comply that refused to carry out a binding judgment and were named "
        "dishonest judgment debtors by the court.",
    ),
    "transport": (
        "严重超限超载、非法营运、网约车严重违规等受到处罚且情节严重的运输企业和从业人员。",
        "Transport enterprises and workers seriously penalised for overloading, illegal "
        "operation or serious ride-hailing violations.",
    ),
    "insurance_fraud": (
        "故意虚构保险标的、编造事故骗取保险金或社会保险待遇的个人和单位。",
        "Persons and organisations that invented insured objects or accidents to obtain "
        "insurance or social-insurance benefits.",
    ),
    "illegal_social_orgs": (
        "未经登记以社会组织名义开展活动，或被依法取缔的非法社会组织及其负责人。",
        "Illegal social organisations acting without registration, or banned, and their leaders.",
    ),
    "charity_fraud": (
        "假借慈善名义募捐、骗取捐赠财产或违规使用捐赠财产的组织和个人。",
        "Organisations and persons that collected donations in the name of charity by deceit "
        "or misused donated property.",
    ),
    "performance_tickets": (
        "营业性演出虚假宣传、倒卖炒作门票受到处罚的演出经营主体和个人。",
        "Performance businesses and persons penalised for false advertising or ticket scalping.",
    ),
    "illegal_lottery": (
        "擅自销售彩票、开设网络赌博平台或为其提供支付结算服务的单位和个人。",
        "Organisations and persons that sold lottery without permission, ran online gambling or "
        "processed its payments.",
    ),
}

EXIT_PROCEDURE = (
    "列入黑名单满各惩戒措施的最短期限后，失信主体已纠正失信行为、消除不良影响，并参加信用修复培训"
    "或开展公益服务的，可在本网站提交信用修复申请并上传证明材料。作出认定的单位审核后报市发改委"
    "（市社会信用体系建设牵头单位）批准；批准后移出黑名单，撤下公示，并通知各联合惩戒单位解除措施。"
    "未满最短期限的申请不予受理。"
)
EXIT_PROCEDURE_EN = (
    "Once the shortest listing period of every measure has passed, a listed subject that has "
    "corrected its conduct, removed its effects and taken credit training or done "
    "public-interest service may apply for credit repair on this site with evidence. The "
    "bureau that listed it reviews the application and the Development and Reform Commission "
    "decides; on approval the listing ends, the publication is withdrawn and every bureau "
    "carrying out a measure is told to lift it. Applications before the shortest period has "
    "passed are not accepted."
)
RED_LIST_CRITERIA = (
    "在本领域连续三年无失信记录、依法诚信经营、积极履行社会责任，经主管部门推荐、市发改委审核的主体。"
)
RED_LIST_CRITERIA_EN = (
    "Subjects with no dishonesty record in this area for three years, operating lawfully and "
    "honestly, proposed by the competent bureau and approved by the Development and Reform "
    "Commission."
)


def load(apps, schema_editor):
    Incentive = apps.get_model("credit", "Incentive")
    SectorPolicy = apps.get_model("credit", "SectorPolicy")
    Area = apps.get_model("intake", "Area")
    for code, name, name_en, description, description_en in INCENTIVES:
        Incentive.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "description_en": description_en,
            },
        )
    for area in Area.objects.filter(code__in=CRITERIA):
        criteria, criteria_en = CRITERIA[area.code]
        SectorPolicy.objects.get_or_create(
            area=area,
            defaults={
                "listing_criteria": criteria,
                "listing_criteria_en": criteria_en,
                "exit_procedure": EXIT_PROCEDURE,
                "exit_procedure_en": EXIT_PROCEDURE_EN,
                "red_list_criteria": RED_LIST_CRITERIA,
                "red_list_criteria_en": RED_LIST_CRITERIA_EN,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("credit", "SectorPolicy").objects.filter(area__code__in=CRITERIA).delete()
    apps.get_model("credit", "Incentive").objects.filter(code__in=[row[0] for row in INCENTIVES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0003_measure_catalogue"),
        ("intake", "0003_reference_data"),
    ]
    operations = [migrations.RunPython(load, unload)]
