"""An area's own step deadlines become that area's step-deadlines policy (intake.policies): a
draft with its history and source, adopted by a supervisor like every policy. The rows an
administrator entered per area are copied into one draft per area; the table goes."""

from django.db import migrations

TITLE = "各环节办理时限（工作日）"
TITLE_EN = "Working days for each step"
DESCRIPTION = (
    "Working days per step in this area; a step it does not name takes the city-wide "
    "deadline. Publication never exceeds the rules' 7 working days (part 3(1)3)."
)
NOTE = "Per-area deadlines an administrator entered before deadlines became policies; a draft until adopted."


def move(apps, schema_editor):
    DeadlinePolicy = apps.get_model("workflow", "DeadlinePolicy")
    Policy = apps.get_model("intake", "Policy")
    PolicyVersion = apps.get_model("intake", "PolicyVersion")
    PolicyEvent = apps.get_model("intake", "PolicyEvent")
    per_area: dict[int, dict[str, int]] = {}
    for area_id, step, days in DeadlinePolicy.objects.exclude(area=None).values_list(
        "area_id", "step", "working_days"
    ):
        per_area.setdefault(area_id, {})[step] = days
    for area_id, value in per_area.items():
        policy, _created = Policy.objects.get_or_create(
            key="step-deadlines",
            area_id=area_id,
            defaults={"use": "internal", "title": TITLE, "title_en": TITLE_EN, "description": DESCRIPTION},
        )
        number = (policy.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = PolicyVersion.objects.create(policy=policy, number=number, value=value)
        PolicyEvent.objects.create(version=version, action="drafted", note=NOTE)


def move_back(apps, schema_editor):
    DeadlinePolicy = apps.get_model("workflow", "DeadlinePolicy")
    PolicyVersion = apps.get_model("intake", "PolicyVersion")
    for version in (
        PolicyVersion.objects.filter(policy__key="step-deadlines")
        .exclude(policy__area=None)
        .order_by("number")
    ):
        for step, days in version.value.items():
            DeadlinePolicy.objects.update_or_create(
                area_id=version.policy.area_id, step=step, defaults={"working_days": days}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0015_merge_area_name_with_identity_and_outcomes"),
        ("intake", "0011_merge_policies_and_whole_numbers"),
    ]
    operations = [
        migrations.RunPython(move, move_back),
        migrations.DeleteModel(name="DeadlinePolicy"),
    ]
