"""The values this platform proposes for rules the city's rules leave to the city, shipped as
drafts: none is in force until a supervisor adopts it with its source (a section of the rules
or a bureau's decision). A draft is never applied to a subject or shown to the public; the
administration's own rules (assessment weights, step deadlines) use a draft, labelled as one,
until the city adopts its own.

Keyed on the policy key: running the forward step again adds nothing. Plain literals only.
"""

from django.db import migrations

NOTE = "Proposed default of this platform; the city's rules do not set it."

# (key, use, Chinese title, English title, description, value, Chinese text, English text)
POLICIES = [
    (
        "listing-default-days",
        "subject",
        "失信黑名单默认列入期限",
        "Default blacklist listing period",
        "Days a blacklist listing lasts when the deciding bureau gives no end date. Without an "
        "adopted policy such a listing lasts until the bureau ends it or credit repair does.",
        {"days": 1095},
        "",
        "",
    ),
    (
        "repair-minimum-days",
        "subject",
        "信用修复前的最短列入期限",
        "Minimum listing period before credit repair",
        "Days a listing lasts before credit repair may end it. The rules encourage quick repair "
        "(part 3(2)3) and set none; a sector's bureau may adopt one.",
        None,
        "",
        "",
    ),
    (
        "penalty-shown-days",
        "public",
        "行政处罚信息公示期限",
        "How long a penalty decision stays published",
        "Days a published penalty decision stays on the public pages. Without an adopted policy "
        "it stays until withdrawn.",
        {"days": 1095},
        "",
        "",
    ),
    (
        "record-validity-days",
        "subject",
        "信用记录有效期",
        "Validity of credit records",
        "Days each kind of credit record counts in a subject's standing. Without an adopted "
        "policy a record has no end date.",
        {
            "rectification_ordered": 365,
            "rectification_met": 365,
            "rectification_missed": 1095,
            "interview": 365,
            "penalty": 1095,
            "listing_ended": 1095,
            "referral": 1825,
            "referral_acknowledged": 1825,
            "referral_sent_back": 365,
            "exposure": 365,
            "accountability": 1095,
            "shutdown": 365,
            "red_list_ended": 365,
        },
        "",
        "",
    ),
    (
        "red-list-max-years",
        "subject",
        "守信红名单最长期限",
        "Longest red-list entry",
        "Years a red-list entry may last at most. Without an adopted policy there is no maximum.",
        {"years": 3},
        "",
        "",
    ),
    (
        "assessment-weights",
        "internal",
        "目标考核权重",
        "Weights of the target assessment",
        "Weights of the on-time rate, closure rate, cases not returned, satisfaction and cases "
        "not overdue in a unit's assessment score.",
        {"on_time": 30, "closure": 30, "returns": 10, "satisfaction": 20, "overdue": 10},
        "",
        "",
    ),
    (
        "assessment-criticism-threshold",
        "internal",
        "目标考核提示线",
        "Assessment score that flags a unit",
        "Units scoring below this are flagged to supervisors, who decide any criticism "
        "(通报批评) from the figures; units with fewer accepted cases are not ranked.",
        {"score": 60, "minimum_cases": 1},
        "",
        "",
    ),
    (
        "missed-rectification-stronger-outcome",
        "subject",
        "逾期未整改须作出更重处理",
        "A stronger outcome after a missed rectification",
        "Whether the decision after a missed rectification must include a stronger outcome "
        "(penalty, listing, referral...). The rules ask for the interview (约谈, part 5.3) only.",
        {"required": True},
        "",
        "",
    ),
    (
        "step-deadlines",
        "internal",
        "各环节办理时限（工作日）",
        "Working days for each step",
        "City-wide working days per step; an area may have its own in the deadline policies. "
        "Publication within 7 working days is the rules' (part 3(1)3) and not part of this policy.",
        {
            "triage": 1,
            "sign": 1,
            "investigate": 15,
            "assist": 5,
            "reporter_answer": 5,
            "enforcement": 10,
            "police_ack": 5,
            "supervisor": 2,
            "escalation": 2,
            "rectification_check": 2,
            "reply": 2,
        },
        "",
        "",
    ),
    (
        "promise-triage-review",
        "public",
        "受理审核时限承诺",
        "Promise on the review of a report",
        "What the report page promises the reporter about the complaint centre's review.",
        {},
        "投诉中心在一个工作日内审核每一份举报。",
        "The complaint centre reviews every report within one working day.",
    ),
]


def load(apps, schema_editor):
    Policy = apps.get_model("intake", "Policy")
    PolicyVersion = apps.get_model("intake", "PolicyVersion")
    PolicyEvent = apps.get_model("intake", "PolicyEvent")
    for key, use, title, title_en, description, value, text, text_en in POLICIES:
        policy, created = Policy.objects.get_or_create(
            key=key,
            area=None,
            defaults={"use": use, "title": title, "title_en": title_en, "description": description},
        )
        if value is None and not text or policy.versions.exists():
            continue
        version = PolicyVersion.objects.create(
            policy=policy, number=1, value=value or {}, text=text, text_en=text_en
        )
        PolicyEvent.objects.create(version=version, action="drafted", note=NOTE)


def unload(apps, schema_editor):
    apps.get_model("intake", "Policy").objects.filter(
        key__in=[row[0] for row in POLICIES], area=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_policies")]
    operations = [migrations.RunPython(load, unload)]
