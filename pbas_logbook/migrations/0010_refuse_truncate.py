"""TRUNCATE is refused on the audit trail and the history of texts, unless
a maintenance session says otherwise (pbas_logbook/db_guards.py). The row
triggers of 0005 and 0007 never fired for it."""

from django.db import migrations

from pbas_logbook.db_guards import DROP_FUNCTIONS, FUNCTIONS, allow_truncate, refuse_truncate

TABLES = ["pbas_logbook_auditevent", "pbas_logbook_textrevision"]


class Migration(migrations.Migration):
    dependencies = [("pbas_logbook", "0009_start_dates_in_range")]

    operations = [
        migrations.RunSQL(
            [FUNCTIONS, *refuse_truncate(TABLES)], [*allow_truncate(TABLES), DROP_FUNCTIONS]
        )
    ]
