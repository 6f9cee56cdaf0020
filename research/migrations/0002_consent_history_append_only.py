"""Consent history is append-only in PostgreSQL itself.

Every change of a research choice is a new ConsentEvent row; a row trigger
rejects UPDATE and DELETE on the table, whoever runs them. TRUNCATE (the
test flush) is left alone, as for frozen submissions.
"""

from django.db import migrations

FORWARDS = [
    """
    CREATE OR REPLACE FUNCTION research_consent_history_reject_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'research consent history is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER research_consentevent_append_only BEFORE UPDATE OR DELETE "
    "ON research_consentevent FOR EACH ROW "
    "EXECUTE FUNCTION research_consent_history_reject_change();",
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS research_consentevent_append_only ON research_consentevent;",
    "DROP FUNCTION IF EXISTS research_consent_history_reject_change();",
]


class Migration(migrations.Migration):
    dependencies = [("research", "0001_enquiry_consent_extracts_projects_coding")]

    operations = [migrations.RunSQL(FORWARDS, BACKWARDS)]
