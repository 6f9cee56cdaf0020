"""Comments cannot be emptied with TRUNCATE, which keeps no history
(pbas_logbook/db_guards.py); deleting them row by row does."""

from django.db import migrations

from pbas_logbook.db_guards import allow_truncate, refuse_truncate

TABLES = ["mentors_comment"]


class Migration(migrations.Migration):
    dependencies = [("mentors", "0002_keep_history_of_comments"), ("pbas_logbook", "0010_refuse_truncate")]

    operations = [migrations.RunSQL(refuse_truncate(TABLES), allow_truncate(TABLES))]
