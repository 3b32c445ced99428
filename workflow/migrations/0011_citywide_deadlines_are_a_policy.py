"""City-wide step deadlines move to the step-deadline policy (intake 0007, a draft until the
city adopts it): the rows without an area are copied into that draft and removed. Rows of an
area stay as the administrator's per-area deadlines."""

from django.db import migrations


def move(apps, schema_editor):
    DeadlinePolicy = apps.get_model("workflow", "DeadlinePolicy")
    PolicyVersion = apps.get_model("intake", "PolicyVersion")
    rows = dict(DeadlinePolicy.objects.filter(area=None).values_list("step", "working_days"))
    rows.pop("publication", None)  # the rules' 7 working days, not a policy
    draft = (
        PolicyVersion.objects.filter(policy__key="step-deadlines", policy__area=None, state="draft")
        .order_by("-number")
        .first()
    )
    if draft is not None and rows:
        draft.value = {**draft.value, **rows}
        draft.save(update_fields=["value"])
    DeadlinePolicy.objects.filter(area=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0010_measure_no_minimum_listing_period"),
        ("intake", "0007_policy_drafts"),
    ]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
