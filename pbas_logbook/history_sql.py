"""Database-level history of people's writing (see TextRevision).

``history_trigger_sql(table, columns)`` builds the migration SQL an app uses
to keep the history of one of its tables: the old row is stored when any of
``columns`` changes, and on every DELETE.
"""

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION pbas_keep_history() RETURNS trigger AS $$
BEGIN
    INSERT INTO pbas_logbook_textrevision (table_name, row_id, operation, old_row, changed_at)
    VALUES (TG_TABLE_NAME, OLD.id, TG_OP, to_jsonb(OLD), now());
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
DROP_FUNCTION_SQL = "DROP FUNCTION IF EXISTS pbas_keep_history();"


def history_trigger_sql(table: str, columns: list[str]) -> tuple[list[str], list[str]]:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    forwards = [
        f"CREATE TRIGGER {table}_history_update AFTER UPDATE ON {table} "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION pbas_keep_history();",
        f"CREATE TRIGGER {table}_history_delete AFTER DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION pbas_keep_history();",
    ]
    backwards = [
        f"DROP TRIGGER IF EXISTS {table}_history_update ON {table};",
        f"DROP TRIGGER IF EXISTS {table}_history_delete ON {table};",
    ]
    return forwards, backwards
