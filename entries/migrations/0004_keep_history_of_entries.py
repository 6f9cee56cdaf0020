"""Keep every earlier version of entries and sections (PostgreSQL triggers)."""

from django.db import migrations

from pbas_logbook.history_sql import history_trigger_sql

ENTRY_FORWARDS, ENTRY_BACKWARDS = history_trigger_sql(
    "entries_entry", ["title", "aims", "week", "deleted_at"]
)
SECTION_FORWARDS, SECTION_BACKWARDS = history_trigger_sql("entries_entrysection", ["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("entries", "0003_soft_delete"),
        ("pbas_logbook", "0007_history_function"),
    ]

    operations = [
        migrations.RunSQL(ENTRY_FORWARDS, ENTRY_BACKWARDS),
        migrations.RunSQL(SECTION_FORWARDS, SECTION_BACKWARDS),
    ]
