"""The reporter's time to answer a question is no step of the administration: it is the
`answer-period` policy (intake 0013), told to residents and applied only once adopted. It
leaves the step-deadlines drafts; versions in force or superseded are history and stay."""

from django.db import migrations

DRAFT_STATES = ("draft", "consultation")
STEP = "reporter_answer"


def strip(apps, schema_editor):
    PolicyVersion = apps.get_model("intake", "PolicyVersion")
    for version in PolicyVersion.objects.filter(policy__key="step-deadlines", state__in=DRAFT_STATES):
        if isinstance(version.value, dict) and STEP in version.value:
            version.value = {step: days for step, days in version.value.items() if step != STEP}
            version.save(update_fields=["value"])


def restore(apps, schema_editor):
    PolicyVersion = apps.get_model("intake", "PolicyVersion")
    for version in PolicyVersion.objects.filter(
        policy__key="step-deadlines", policy__area=None, state__in=DRAFT_STATES
    ):
        version.value = {**version.value, STEP: 5}
        version.save(update_fields=["value"])


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0016_area_deadlines_are_policies"),
        ("intake", "0013_answer_period_and_review_promise_in_days"),
    ]
    operations = [migrations.RunPython(strip, restore)]
