from django.db import migrations, models


class Migration(migrations.Migration):
    """The unfiltered public list and API (every kind, newest first) read their page from an
    index in their order instead of sorting every published row (bench/credit.py)."""

    dependencies = [("credit", "0010_sector_rules_become_drafts")]

    operations = [
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                condition=models.Q(("state", "published")),
                fields=["-published_at", "-id"],
                name="publication_recent",
            ),
        ),
    ]
