"""The trigger function that copies old rows into TextRevision."""

from django.db import migrations

from pbas_logbook.history_sql import DROP_FUNCTION_SQL, FUNCTION_SQL


class Migration(migrations.Migration):
    dependencies = [("pbas_logbook", "0006_text_revisions")]

    operations = [migrations.RunSQL(FUNCTION_SQL, DROP_FUNCTION_SQL)]
