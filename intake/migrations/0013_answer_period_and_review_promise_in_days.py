"""Two promises to residents become numbers a supervisor adopts, shipped as labelled drafts:

- the reporter's time to answer the complaint centre's question before the report is closed
  (`answer-period`), until now the "reporter answers" step of the internal step deadlines,
  which applied a draft to residents (workflow 0017 takes it out of their drafts);
- the review promise on receipt (`promise-triage-review`), until now a wording: its drafts
  hold the number of working days the wording promised instead; the sentences on every
  channel are the platform's, in each language.

Versions in force or superseded are history and stay as they were. Running the forward step
again adds nothing. Plain literals only.
"""

from django.db import migrations

NOTE = "Proposed default of this platform; the city's rules do not set it: the city decides."
DRAFT_STATES = ("draft", "consultation")

ANSWER_PERIOD = (
    "answer-period",
    "public",
    "补充材料答复时限（工作日）",
    "The reporter's time to answer a question",
    "Working days a reporter has to answer the complaint centre's question about a report; "
    "without an answer the report is then closed. The rules do not fix it: the city decides. "
    "Until a period is adopted none is announced and the reporter's silence closes nothing.",
    {"working_days": 5},
)
PROMISE_DESCRIPTION = (
    'Working days within which the complaint centre reviews a report, as {"working_days": n}: '
    "told to the reporter on receipt on every channel. The rules promise no review time: "
    "until a promise is adopted none is made."
)
PROMISE_DRAFT = {"working_days": 1}


def load(apps, schema_editor):
    Policy = apps.get_model("intake", "Policy")
    PolicyVersion = apps.get_model("intake", "PolicyVersion")
    PolicyEvent = apps.get_model("intake", "PolicyEvent")
    key, use, title, title_en, description, value = ANSWER_PERIOD
    policy, _created = Policy.objects.get_or_create(
        key=key,
        area=None,
        defaults={"use": use, "title": title, "title_en": title_en, "description": description},
    )
    if not policy.versions.exists():
        version = PolicyVersion.objects.create(policy=policy, number=1, value=value)
        PolicyEvent.objects.create(version=version, action="drafted", note=NOTE)

    Policy.objects.filter(key="promise-triage-review").update(description=PROMISE_DESCRIPTION)
    for version in PolicyVersion.objects.filter(policy__key="promise-triage-review", state__in=DRAFT_STATES):
        if not isinstance(version.value, dict) or "working_days" not in version.value:
            # The wording is the platform's now, in each language; the draft holds the number.
            version.value, version.text, version.text_en = PROMISE_DRAFT, "", ""
            version.save(update_fields=["value", "text", "text_en"])


def unload(apps, schema_editor):
    apps.get_model("intake", "Policy").objects.filter(key=ANSWER_PERIOD[0]).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0012_rating_period_and_public_credit_evaluation")]
    operations = [migrations.RunPython(load, unload)]
