"""Kept as a step of the migration history: the joint-punishment catalogue is shipped by
credit/migrations/0003_measure_catalogue (the registry that carries the measures out)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0006_deadline_steps"),
        ("intake", "0003_reference_data"),
    ]
    operations = []
