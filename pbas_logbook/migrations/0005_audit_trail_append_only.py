"""The audit trail is append-only in PostgreSQL itself: UPDATE and DELETE
on pbas_logbook_auditevent raise, whoever runs them. (TRUNCATE, an owner
operation, is left to Django's test flush.)"""

from django.db import migrations

FORWARDS = [
    """
    CREATE OR REPLACE FUNCTION pbas_audit_reject_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER pbas_logbook_auditevent_append_only
    BEFORE UPDATE OR DELETE ON pbas_logbook_auditevent
    FOR EACH ROW EXECUTE FUNCTION pbas_audit_reject_change();
    """,
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS pbas_logbook_auditevent_append_only ON pbas_logbook_auditevent;",
    "DROP FUNCTION IF EXISTS pbas_audit_reject_change();",
]


class Migration(migrations.Migration):
    dependencies = [("pbas_logbook", "0004_audit_trail")]

    operations = [migrations.RunSQL(FORWARDS, BACKWARDS)]
