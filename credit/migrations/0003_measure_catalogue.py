"""The joint-punishment measures named in the rules (the rules, part on outcomes and joint punishment), each with the
bureau that carries it out and the minimum time a listing keeps it before credit repair.

Keyed on codes: running the forward step again updates rows instead of duplicating them.
Plain literals only: a migration must not import application code.
"""

from django.db import migrations

# (code, Chinese name, English name, bureau code, minimum listing days)
MEASURES = [
    (
        "restrict_flights_trains",
        "限制乘坐飞机、高铁",
        "No flights or high-speed trains",
        "court",
        365,
    ),
    (
        "restrict_luxury_consumption",
        "限制入住星级以上宾馆、购买非经营必需车辆等高消费",
        "No star-rated hotels, no non-essential vehicles or other high consumption",
        "court",
        365,
    ),
    ("restrict_exit", "限制出境", "May not leave the country", "psb", 365),
    (
        "freeze_deposits",
        "冻结不明来源存款、追缴违法所得",
        "Freeze deposits of unexplained origin and recover illegal gains",
        "finance_office",
        365,
    ),
    (
        "demolish_illegal_buildings",
        "拆除违法建筑",
        "Demolish illegally built houses",
        "admin_enforcement",
        180,
    ),
    ("cancel_policy_subsidies", "取消政策性补贴", "Cancel policy subsidies", "finance_bureau", 365),
    (
        "cancel_medical_insurance_subsidy",
        "取消城乡居民医疗保险财政补贴",
        "Cancel the public subsidy of resident medical insurance",
        "hrss",
        365,
    ),
    ("one_phone_number", "只保留一个手机号码", "Keep one mobile number only", "miit", 365),
    ("one_bank_account", "只保留一个银行账户", "Keep one bank account only", "banking_regulator", 365),
    ("weekly_whereabouts", "每周报告行踪", "Report whereabouts every week", "psb", 180),
    ("restrict_credit", "限制信贷", "Restricted bank credit", "banking_regulator", 365),
    ("restrict_land_supply", "限制土地供应", "No supply of land", "land", 730),
    (
        "bar_government_procurement",
        "限制参加政府采购",
        "Barred from government procurement",
        "finance_bureau",
        1095,
    ),
    ("higher_electricity_tariff", "实行差别电价", "Higher electricity tariff", "ndrc", 365),
    ("higher_sewage_charges", "提高排污收费标准", "Higher sewage charges", "ecology", 365),
    ("bar_tenders", "限制参与招标投标", "Barred from public tenders", "gov_services", 1095),
    (
        "bar_government_funds",
        "限制申请政府资金支持",
        "Barred from government funding",
        "finance_bureau",
        730,
    ),
    (
        "strict_licence_review",
        "从严审核行政许可",
        "Licence applications strictly reviewed",
        "gov_services",
        365,
    ),
    (
        "bar_charity_award",
        "取消“中华慈善奖”评选资格",
        "Barred from the China Charity Award",
        "civil_affairs",
        1095,
    ),
]


def load(apps, schema_editor):
    Measure = apps.get_model("workflow", "Measure")
    Bureau = apps.get_model("intake", "Bureau")
    bureaus = {b.code: b for b in Bureau.objects.filter(code__in={row[3] for row in MEASURES})}
    for code, name, name_en, bureau_code, days in MEASURES:
        Measure.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "bureau": bureaus[bureau_code],
                "min_listing_days": days,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("workflow", "Measure").objects.filter(code__in=[row[0] for row in MEASURES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0002_records_append_only"),
        ("workflow", "0003_default_deadlines"),
        ("intake", "0003_reference_data"),
    ]
    operations = [migrations.RunPython(load, unload)]
