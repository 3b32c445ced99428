"""The rules set no minimum listing period per measure: a listing ends when the deciding bureau
said, or earlier by credit repair (rules, part 3(2)3). A minimum exists only where an adopted
policy sets one."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0009_task_queue_inbox_indexes"),
        ("credit", "0005_publication_name_search"),
    ]
    operations = [migrations.RemoveField(model_name="measure", name="min_listing_days")]
