"""Keep every earlier version of comments (PostgreSQL triggers)."""

from django.db import migrations

from pbas_logbook.history_sql import history_trigger_sql

FORWARDS, BACKWARDS = history_trigger_sql("mentors_comment", ["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentors", "0001_comments_and_reminder_log"),
        ("pbas_logbook", "0007_history_function"),
    ]

    operations = [migrations.RunSQL(FORWARDS, BACKWARDS)]
