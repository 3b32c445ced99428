"""Reference data: the identity release policy and DRAFT retention periods.

The periods are proposals marked `draft`: the city decides them (archives law, the rules on
petitions and on administrative penalty files) in the admin and clears the mark.
"""

from django.db import migrations

DRAFT = "Draft default: the city decides this period."
# (resolution, outcome, days after closing)
RETENTION = [
    ("", "", 5 * 365),
    ("rejected", "", 365),
    ("emergency", "", 365),
    ("no_reply", "", 3 * 365),
    ("merged", "", 5 * 365),
    ("handled", "unfounded", 3 * 365),
    ("handled", "penalty", 10 * 365),
    ("handled", "blacklist", 10 * 365),
    ("handled", "referral", 10 * 365),
]


def forwards(apps, schema_editor):
    Policy = apps.get_model("workflow", "IdentityReleasePolicy")
    if not Policy.objects.exists():
        Policy.objects.create(
            open_hours=24, note="Draft default: the city decides how long a release stays open."
        )
    Retention = apps.get_model("workflow", "RetentionPolicy")
    for resolution, outcome, days in RETENTION:
        Retention.objects.get_or_create(
            resolution=resolution, outcome=outcome, defaults={"keep_days": days, "draft": True, "note": DRAFT}
        )


class Migration(migrations.Migration):
    dependencies = [("workflow", "0010_identity_release_retention_legal_hold")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
