"""Keep every earlier version of final papers (PostgreSQL triggers)."""

from django.db import migrations

from pbas_logbook.history_sql import history_trigger_sql

FORWARDS, BACKWARDS = history_trigger_sql("examinations_finalpaper", ["title", "body"])


class Migration(migrations.Migration):
    dependencies = [
        ("examinations", "0003_seed_assessment_criteria"),
        ("pbas_logbook", "0007_history_function"),
    ]

    operations = [migrations.RunSQL(FORWARDS, BACKWARDS)]
