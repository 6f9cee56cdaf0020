"""Guards PostgreSQL keeps itself, and the one switch that lifts them.

Rows that are records (a frozen submission, a recorded decision, the audit
trail, the history of every text) are protected by triggers, so the ORM, the
admin, raw SQL and a console session all meet the same rule. ``TRUNCATE``
fires no row trigger, so each of those tables also has a statement trigger
that refuses it.

**The maintenance switch.** ``pbas.maintenance`` is a custom PostgreSQL
setting, off unless a session turns it on. When it is ``on`` the guards that
say so step aside: the TRUNCATE guards, and the guards on released results
and stored PDFs (migrations examinations 0006, pbas_logbook 0010). Who sets
it, and only they: the test suite's database flush (tests/conftest.py), the
``seed_scale`` generator before it empties the tables (bench/scale.py), the
page benchmark when it drops stored PDFs (bench/pages.py), and an operator
running maintenance by hand (``PGOPTIONS="-c pbas.maintenance=on"``). The
app's own code never sets it: tests/security/test_database_guards.py fails
if a module outside ``bench/`` and this one mentions it. The guards on a
frozen submission and the audit trail (examinations 0002, pbas_logbook 0005)
do not look at the switch at all.

Migrations build their SQL from the functions below (imported, not copied, so
every table reads the same); they do not depend on models.
"""

from contextlib import contextmanager, suppress

from django.db import DatabaseError

MAINTENANCE_SETTING = "pbas.maintenance"

# Created by pbas_logbook 0010; later migrations only add triggers.
FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION pbas_maintenance_on() RETURNS boolean AS $$
    SELECT coalesce(current_setting('{MAINTENANCE_SETTING}', true), '') = 'on'
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION pbas_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF pbas_maintenance_on() THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% keeps records: TRUNCATE is refused outside maintenance', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation',
              HINT = 'Maintenance sets {MAINTENANCE_SETTING} = ''on'' (docs/security.md, 6).';
END;
$$ LANGUAGE plpgsql;
"""
DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS pbas_refuse_truncate();
DROP FUNCTION IF EXISTS pbas_maintenance_on();
"""


def refuse_truncate(tables: list[str]) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION pbas_refuse_truncate();"
        for table in tables
    ]


def allow_truncate(tables: list[str]) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};" for table in tables]


@contextmanager
def maintenance(cursor):
    """Lift the switchable guards for what runs inside, then restore them.

    For tools and tests only (see the module docstring), inside
    ``transaction.atomic()``: ``set_config(..., true)`` lasts until the end
    of the transaction at most, so a caller that fails half-way cannot leave
    the guards down for the connection's next request."""
    if not cursor.db.in_atomic_block:
        raise RuntimeError("maintenance() needs a transaction: use it inside transaction.atomic()")
    cursor.execute("SELECT set_config(%s, 'on', true)", [MAINTENANCE_SETTING])
    try:
        yield
    except BaseException:
        # The transaction is usually broken now and rolls back, which turns
        # the switch off by itself; if it is not, turn it off here.
        with suppress(DatabaseError):  # TransactionManagementError too
            cursor.execute("SELECT set_config(%s, 'off', true)", [MAINTENANCE_SETTING])
        raise
    cursor.execute("SELECT set_config(%s, 'off', true)", [MAINTENANCE_SETTING])
