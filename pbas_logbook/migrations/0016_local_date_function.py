"""A person's local date in SQL (issue 13 item 2): ``pbas_local_date(at,
zone, fallback)`` is the date of the instant ``at`` in the IANA ``zone``,
or in ``fallback`` when the zone is blank or one PostgreSQL's time-zone
database does not know (a name saved from Python's tzdata could be newer),
never an error that would break a whole page of figures. The coordinator's
progress figures count each candidate's weeks and lateness with it, as the
candidate's own pages do in Python (``Enrolment.today``).

STABLE, not IMMUTABLE: a zone's rules change with the tz database.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION pbas_local_date(at timestamptz, zone text, fallback text)
RETURNS date LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF zone IS NULL OR zone = '' THEN
        RETURN (at AT TIME ZONE fallback)::date;
    END IF;
    RETURN (at AT TIME ZONE zone)::date;
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN (at AT TIME ZONE fallback)::date;
END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS pbas_local_date(timestamptz, text, text);"


class Migration(migrations.Migration):
    dependencies = [("pbas_logbook", "0015_profile_time_zone_language_email_change")]

    operations = [migrations.RunSQL(CREATE, DROP)]
