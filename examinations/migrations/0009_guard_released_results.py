"""A released result stays released, in PostgreSQL itself.

Once its time has passed, a release refuses DELETE and any UPDATE but the
one that records the candidate and mentor were told (``notified_at``); a
release still to come may move (examinations.release refuses the same with
a message; this is for whatever bypasses it). TRUNCATE is refused. Both
step aside in a maintenance session (pbas_logbook/db_guards.py).
"""

from django.db import migrations

from pbas_logbook.db_guards import allow_truncate, refuse_truncate

TABLES = ["examinations_resultrelease"]

FUNCTION = """
CREATE OR REPLACE FUNCTION examinations_release_is_out() RETURNS trigger AS $$
BEGIN
    -- clock_timestamp(): the time now, not the start of the transaction.
    IF pbas_maintenance_on() OR OLD.release_at > clock_timestamp() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE'
       AND NEW.decision_id = OLD.decision_id
       AND NEW.release_at = OLD.release_at
       AND NEW.set_by_id = OLD.set_by_id
       AND NEW.set_at = OLD.set_at THEN
        RETURN NEW;  -- recording that they were told
    END IF;
    RAISE EXCEPTION 'the result is released: % is not allowed', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGER = (
    "CREATE TRIGGER examinations_resultrelease_out BEFORE UPDATE OR DELETE "
    "ON examinations_resultrelease FOR EACH ROW EXECUTE FUNCTION examinations_release_is_out();"
)

BACKWARDS = [
    "DROP TRIGGER IF EXISTS examinations_resultrelease_out ON examinations_resultrelease;",
    "DROP FUNCTION IF EXISTS examinations_release_is_out();",
    *allow_truncate(TABLES),
]


class Migration(migrations.Migration):
    dependencies = [("examinations", "0008_schemes_for_cohorts_and_past_results_released")]

    operations = [migrations.RunSQL([FUNCTION, TRIGGER, *refuse_truncate(TABLES)], BACKWARDS)]
