"""The first campaign of the rules (part 4) and the default assessment weights.

集中治理诚信缺失突出问题 over all eighteen areas, in three phases; the last has no set end.
Plain literals only: a migration must not import application code.
"""

import datetime

from django.db import migrations

CAMPAIGN = ("集中治理诚信缺失突出问题", "Concentrated treatment of prominent integrity-deficiency problems")
PHASES = [
    ("动员部署", "Mobilisation and deployment", datetime.date(2018, 11, 1), datetime.date(2018, 12, 30)),
    ("集中治理", "Concentrated treatment", datetime.date(2019, 1, 1), datetime.date(2019, 5, 30)),
    ("巩固提升/长效机制", "Consolidation and long-term mechanism", datetime.date(2019, 5, 30), None),
]
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


def load(apps, schema_editor):
    Campaign = apps.get_model("supervision", "Campaign")
    Phase = apps.get_model("supervision", "Phase")
    Area = apps.get_model("intake", "Area")
    AssessmentScheme = apps.get_model("supervision", "AssessmentScheme")
    campaign, _created = Campaign.objects.get_or_create(name=CAMPAIGN[0], defaults={"name_en": CAMPAIGN[1]})
    for name, name_en, start, end in PHASES:
        Phase.objects.update_or_create(
            campaign=campaign, name=name, defaults={"name_en": name_en, "start": start, "end": end}
        )
    campaign.areas.set(Area.objects.filter(code__in=AREA_CODES))
    if not AssessmentScheme.objects.exists():
        AssessmentScheme.objects.create(name="默认考核权重 / default weights", is_active=True)


def unload(apps, schema_editor):
    apps.get_model("supervision", "Campaign").objects.filter(name=CAMPAIGN[0]).delete()
    apps.get_model("supervision", "AssessmentScheme").objects.filter(
        name="默认考核权重 / default weights"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("intake", "0003_reference_data"),
    ]
    operations = [migrations.RunPython(load, unload)]
