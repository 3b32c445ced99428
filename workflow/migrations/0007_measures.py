"""The joint-punishment catalogue of the rules (DOMAIN.md section 2), each with the bureau that
carries it out. Editable in the admin; keyed on codes, so running it again updates rows.
Plain literals only: a migration must not import application code."""

from django.db import migrations

# (code, Chinese name, English name, bureau code)
MEASURES = [
    ("restrict_high_consumption", "限制高消费(乘坐飞机、高铁,入住星级宾馆,购买非经营必需车辆)",
     "Restrict high consumption (flights, high-speed trains, star hotels, non-essential vehicles)", "court"),
    ("restrict_exit", "限制出境", "Restrict leaving the country", "psb"),
    ("freeze_deposits", "冻结不明来源存款、追缴违法所得", "Freeze unexplained deposits and recover proceeds", "psb"),
    ("demolish_illegal_buildings", "拆除违法建筑", "Demolish illegally built houses", "admin_enforcement"),
    ("cancel_subsidies", "取消政策性补贴及城乡居民医保补贴",
     "Cancel policy subsidies and the resident medical insurance subsidy", "hrss"),
    ("one_phone_one_account", "只保留一个手机号码和一个银行账户", "One phone number and one bank account only", "miit"),
    ("weekly_whereabouts", "每周报告行踪", "Report whereabouts weekly", "psb"),
    ("restrict_credit", "限制信贷", "Restrict credit", "finance_office"),
    ("restrict_land_supply", "限制土地供应", "Restrict land supply", "land"),
    ("restrict_procurement", "限制参与政府采购", "Bar from government procurement", "finance_bureau"),
    ("higher_tariffs", "实行差别电价、提高污水处理费", "Higher electricity and sewage tariffs", "price"),
    ("bar_tenders_and_funds", "限制参与招投标和申请政府资金", "Bar from tenders and from government funds", "ndrc"),
    ("strict_licence_review", "从严审核行政许可", "Strict review of licences", "gov_services"),
    ("bar_charity_award", "取消参评中华慈善奖资格", "Bar from the China Charity Award", "civil_affairs"),
]


def load(apps, schema_editor):
    Bureau = apps.get_model("intake", "Bureau")
    Measure = apps.get_model("workflow", "Measure")
    bureaus = {bureau.code: bureau for bureau in Bureau.objects.all()}
    for code, name, name_en, bureau_code in MEASURES:
        if bureau_code in bureaus:
            Measure.objects.update_or_create(
                code=code, defaults={"name": name, "name_en": name_en, "bureau": bureaus[bureau_code]}
            )


def unload(apps, schema_editor):
    apps.get_model("workflow", "Measure").objects.filter(code__in=[row[0] for row in MEASURES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0006_deadline_steps"),
        ("intake", "0003_reference_data"),
    ]
    operations = [migrations.RunPython(load, unload)]
