"""The joint-punishment measures in the words of the rules, each carried out by a unit that
holds the power: 动车 not 高铁, 宾馆 not 星级宾馆, 污水处理费 (area 5); deposits of unexplained
origin are frozen and case assets recovered by public security, not by the financial office;
one phone number per person is enforced by the telecom operator the rules name (市电信公司).

Sources: area 3 (七个一律, line 20), area 5 (line 24), area 12 (line 38), part 3(2)2 (line 56),
area 16 (line 44). Keyed on codes; plain literals only.
"""

from django.db import migrations

# code: (Chinese name in the rules' words, English name, bureau code)
MEASURES = {
    "restrict_flights_trains": ("限制坐动车、坐飞机", "No bullet trains (动车) or flights", "court"),
    "restrict_luxury_consumption": (
        "限制住宾馆、购买非经营必需车辆等高消费行为",
        "No hotels, no non-essential vehicles or other high consumption",
        "court",
    ),
    "restrict_exit": ("限制出境（禁止出国出境）", "May not leave the country", "psb"),
    "freeze_deposits": (
        "冻结不能说明来源的较大以上存款，清查追缴涉案财产",
        "Freeze large deposits of unexplained origin; trace and recover case assets",
        "psb",
    ),
    "demolish_illegal_buildings": (
        "拆除利用赃款所建、违规所建房屋",
        "Demolish houses built with illicit money or against the rules",
        "admin_enforcement",
    ),
    "cancel_policy_subsidies": (
        "取消政策性优惠补贴（助）",
        "Cancel preferential policy subsidies",
        "finance_bureau",
    ),
    "cancel_medical_insurance_subsidy": (
        "停止城乡居民医保财政补助",
        "Stop the public subsidy of resident medical insurance",
        "hrss",
    ),
    "one_phone_number": ("每人只能申请一个手机号码", "One mobile number per person", "telecom_company"),
    "one_bank_account": ("每人只能申请一个银行账号", "One bank account per person", "banking_regulator"),
    "weekly_whereabouts": ("实行每周行踪报告制度", "Report whereabouts every week", "psb"),
    "restrict_credit": ("限制信贷", "Restricted bank credit", "banking_regulator"),
    "restrict_land_supply": ("限制供地", "No supply of land", "land"),
    "bar_government_procurement": (
        "限制参加政府采购",
        "Barred from government procurement",
        "finance_bureau",
    ),
    "higher_electricity_tariff": ("提高电价", "Higher electricity price", "price"),
    "higher_sewage_charges": ("提高污水处理费标准", "Higher sewage treatment charges", "price"),
    "bar_tenders": ("限制参与招标投标", "Barred from public tenders", "gov_services"),
    "bar_government_funds": (
        "限制申请政府性资金",
        "Barred from applying for government funds",
        "finance_bureau",
    ),
    "strict_licence_review": ("从严审核许可事项", "Licence applications strictly reviewed", "gov_services"),
    "bar_charity_award": ("禁止参评“中华慈善奖”", "Barred from the China Charity Award", "civil_affairs"),
}


def load(apps, schema_editor):
    Measure = apps.get_model("workflow", "Measure")
    Bureau = apps.get_model("intake", "Bureau")
    bureaus = {b.code: b for b in Bureau.objects.filter(code__in={row[2] for row in MEASURES.values()})}
    for code, (name, name_en, bureau_code) in MEASURES.items():
        Measure.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "bureau": bureaus[bureau_code]}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0008_banned_organisations_warnings_judicial_referral"),
        ("workflow", "0010_measure_no_minimum_listing_period"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
