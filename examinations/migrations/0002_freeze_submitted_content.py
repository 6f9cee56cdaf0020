"""Make frozen submissions immutable in PostgreSQL itself.

A row trigger on each frozen table rejects UPDATE and DELETE, whoever runs
them (the ORM, the admin, raw SQL). TRUNCATE is left alone: it needs the
table owner's rights (which the app's role should not have in production)
and Django's test flush relies on it. Test databases are built from
migrations, so the rule holds in tests as well.
"""

from django.db import migrations

TABLES = [
    "examinations_submission",
    "examinations_submittedentry",
    "examinations_submittedsection",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION examinations_reject_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'submitted logbooks are frozen: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def forwards_sql():
    statements = [FUNCTION]
    for table in TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION examinations_reject_change();"
        )
    return statements


def backwards_sql():
    statements = []
    for table in TABLES:
        statements.append(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};")
    statements.append("DROP FUNCTION IF EXISTS examinations_reject_change();")
    return statements


class Migration(migrations.Migration):
    dependencies = [("examinations", "0001_submissions_assessments_decisions")]

    operations = [migrations.RunSQL(forwards_sql(), backwards_sql())]
