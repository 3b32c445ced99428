"""The campaign's three phases with the names and dates of the rules (part 4, lines 68-73).

The rules end phase 2 and start phase 3 on the same day (2019-05-30, "至长期"); a day belongs
to one phase only, so phase 3 starts the day after. Plain literals only.
"""

import datetime

from django.db import migrations

CAMPAIGN = "集中治理诚信缺失突出问题"
# (old name, name in the rules, English, start, end)
PHASES = [
    (
        "动员部署",
        "及时动员部署，制定实施细则",
        "Prompt mobilisation and deployment; implementing rules drawn up",
        datetime.date(2018, 11, 1),
        datetime.date(2018, 12, 30),
    ),
    (
        "集中治理",
        "组织专项行动，开展集中整治",
        "Special actions organised; concentrated treatment",
        datetime.date(2019, 1, 1),
        datetime.date(2019, 5, 30),
    ),
    (
        "巩固提升/长效机制",
        "加强督促检查，总结工作经验",
        "Supervision and inspection; lessons drawn (long term)",
        datetime.date(2019, 5, 31),
        None,
    ),
]


def load(apps, schema_editor):
    Phase = apps.get_model("supervision", "Phase")
    for old, name, name_en, start, end in PHASES:
        Phase.objects.filter(campaign__name=CAMPAIGN, name__in=[old, name]).update(
            name=name, name_en=name_en, start=start, end=end
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0004_assessment_weights_are_policies")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
