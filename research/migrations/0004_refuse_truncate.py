"""The consent history is append-only (0002); TRUNCATE is refused too
(pbas_logbook/db_guards.py)."""

from django.db import migrations

from pbas_logbook.db_guards import allow_truncate, refuse_truncate

TABLES = ["research_consentevent"]


class Migration(migrations.Migration):
    dependencies = [("research", "0003_consent_via_account_closed"), ("pbas_logbook", "0010_refuse_truncate")]

    operations = [migrations.RunSQL(refuse_truncate(TABLES), allow_truncate(TABLES))]
