"""Two more rules the city's rules leave to the city, shipped as labelled drafts (none in force):

- the reporter's time to rate the handling after the reply, which the public pages announced as
  five working days although the rules set no period;
- the method of the comprehensive public-interest public credit evaluation (rules, part 3(2)1:
  开展综合性、公益性的公共信用评价): the rules ask for the evaluation and set no method.

The step-deadline policy now also holds an area's own deadlines (one policy per area).
Keyed on the policy key: running the forward step again adds nothing. Plain literals only.
"""

from django.db import migrations

NOTE = "Proposed default of this platform; the city's rules do not set it: the city decides."

# (key, use, Chinese title, English title, description, value)
POLICIES = [
    (
        "rating-period",
        "public",
        "答复后群众评价时限（工作日）",
        "The reporter's time to rate the handling",
        "Working days a reporter has to rate the handling after the reply, or to dispute it; "
        "without an answer the case is then closed. The rules do not fix it: the city decides. "
        "Until a period is adopted none is announced and the reporter's silence closes nothing.",
        {"working_days": 5},
    ),
    (
        "public-credit-evaluation",
        "subject",
        "公共信用综合评价方法",
        "Method of the public credit evaluation",
        "How the comprehensive public-interest public credit evaluation (rules, part 3(2)1) grades "
        "a subject from its credit information: a start score, points taken off per credit record "
        "in force and per active blacklist listing, points added for rectifying in time and for "
        "a red-list entry, and the lowest score of each grade (A 优, B 良, C 中, D 差). The rules "
        "ask for the evaluation and set no method: the city decides. No subject is evaluated "
        "before a method is adopted.",
        {
            "start": 100,
            "deductions": {
                "listed": 30,
                "penalty": 10,
                "rectification_missed": 10,
                "interview": 5,
                "referral": 15,
                "judicial_referral": 15,
                "banned": 50,
                "exposure": 10,
                "accountability": 5,
                "shutdown": 15,
            },
            "additions": {"red_listed": 10, "rectification_met": 2},
            "grades": [["A", 90], ["B", 75], ["C", 60], ["D", 0]],
        },
    ),
]

STEP_DEADLINES_DESCRIPTION = (
    "City-wide working days per step. An area's own deadlines are a step-deadlines policy of "
    "that area; a step it does not name takes the city-wide deadline. Publication within 7 "
    "working days is the rules' (part 3(1)3) and not part of this policy."
)


def load(apps, schema_editor):
    Policy = apps.get_model("intake", "Policy")
    PolicyVersion = apps.get_model("intake", "PolicyVersion")
    PolicyEvent = apps.get_model("intake", "PolicyEvent")
    for key, use, title, title_en, description, value in POLICIES:
        policy, _created = Policy.objects.get_or_create(
            key=key,
            area=None,
            defaults={"use": use, "title": title, "title_en": title_en, "description": description},
        )
        if policy.versions.exists():
            continue
        version = PolicyVersion.objects.create(policy=policy, number=1, value=value)
        PolicyEvent.objects.create(version=version, action="drafted", note=NOTE)
    Policy.objects.filter(key="step-deadlines", area=None).update(description=STEP_DEADLINES_DESCRIPTION)


def unload(apps, schema_editor):
    apps.get_model("intake", "Policy").objects.filter(key__in=[row[0] for row in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0011_merge_policies_and_whole_numbers")]
    operations = [migrations.RunPython(load, unload)]
