from django.db import migrations

DEFAULTS = {
    "triage": 1,
    "sign": 1,
    "investigate": 15,
    "assist": 5,
    "reporter_answer": 5,
    "publication": 7,
    "enforcement": 10,
    "police_ack": 5,
    "supervisor": 2,
    "escalation": 2,
}


def load(apps, schema_editor):
    DeadlinePolicy = apps.get_model("workflow", "DeadlinePolicy")
    for step, days in DEFAULTS.items():
        DeadlinePolicy.objects.get_or_create(area=None, step=step, defaults={"working_days": days})


def unload(apps, schema_editor):
    apps.get_model("workflow", "DeadlinePolicy").objects.filter(area=None).delete()


class Migration(migrations.Migration):
    dependencies = [("workflow", "0002_deadlines")]
    operations = [migrations.RunPython(load, unload)]
