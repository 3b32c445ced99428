from django.db import migrations

DEFAULTS = {"rectification_check": 2, "reply": 2}


def load(apps, schema_editor):
    DeadlinePolicy = apps.get_model("workflow", "DeadlinePolicy")
    for step, days in DEFAULTS.items():
        DeadlinePolicy.objects.get_or_create(area=None, step=step, defaults={"working_days": days})


def unload(apps, schema_editor):
    apps.get_model("workflow", "DeadlinePolicy").objects.filter(area=None, step__in=list(DEFAULTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("workflow", "0005_task_indexes")]
    operations = [migrations.RunPython(load, unload)]
