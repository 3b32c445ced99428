"""The sector criteria and exit procedures this platform wrote are not the city's: the rules give
each sector's departments the job of setting them after asking the public (part 3(2)1, line 55).
Each becomes a draft `sector-criteria` policy of its area, labelled a proposed default, and
leaves the public pages until a consultation is answered and a supervisor adopts it.

Plain literals only.
"""

from django.db import migrations

TEXTS = (
    "listing_criteria",
    "listing_criteria_en",
    "exit_procedure",
    "exit_procedure_en",
    "red_list_criteria",
    "red_list_criteria_en",
)
NOTE = "Proposed default of this platform; the sector has not set it after asking the public."


def to_drafts(apps, schema_editor):
    SectorPolicy = apps.get_model("credit", "SectorPolicy")
    Policy = apps.get_model("intake", "Policy")
    PolicyVersion = apps.get_model("intake", "PolicyVersion")
    PolicyEvent = apps.get_model("intake", "PolicyEvent")
    for rules in SectorPolicy.objects.select_related("area"):
        policy, _created = Policy.objects.get_or_create(
            key="sector-criteria",
            area=rules.area,
            defaults={
                "title": f"{rules.area.name}：守信红名单、失信黑名单认定标准和退出程序",
                "title_en": f"{rules.area.name_en}: red and black list criteria and exit procedure",
                "description": "Set by the sector's departments after asking the public (rules, part 3(2)1).",
                "use": "public",
            },
        )
        if not policy.versions.exists():
            version = PolicyVersion.objects.create(
                policy=policy, number=1, value={name: getattr(rules, name) for name in TEXTS}
            )
            PolicyEvent.objects.create(version=version, action="drafted", note=NOTE)
    SectorPolicy.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0009_measures_in_the_rules_words"),
        ("intake", "0010_policy_consultation"),
    ]
    operations = [migrations.RunPython(to_drafts, migrations.RunPython.noop)]
