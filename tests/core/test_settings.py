"""Configuration from the environment: safe defaults, loud failures in production.

Settings are read once per process, so each case starts a fresh Python with
exactly the environment under test.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pbas_logbook.env import env_bool, env_int, env_list

PROJECT_ROOT = Path(__file__).resolve().parents[2]
A_SERVER = "postgres://pbas:secret@db.example.org:5432/pbas"
LONG_KEY = secrets.token_urlsafe(60)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run ``python <args>`` in the project with only ``env`` (plus PATH/HOME) set."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "pbas_logbook.settings",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def setup_django(**env: str) -> subprocess.CompletedProcess:
    return run(["-c", "import django; django.setup()"], **env)


def production(**overrides: str) -> dict[str, str]:
    env = {
        "DEBUG": "0",
        "SECRET_KEY": LONG_KEY,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": A_SERVER,
    }
    return {**env, **overrides}


class TestProductionSettings:
    def test_refuses_to_start_without_a_secret_key(self):
        env = production()
        del env["SECRET_KEY"]

        result = setup_django(**env)

        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "SECRET_KEY" in result.stderr

    def test_refuses_the_development_secret_key(self):
        from pbas_logbook.settings import DEV_SECRET_KEY

        result = setup_django(**production(SECRET_KEY=DEV_SECRET_KEY))

        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_refuses_a_short_secret_key(self):
        result = setup_django(**production(SECRET_KEY="too-short"))

        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_starts_with_a_long_secret_key(self):
        result = setup_django(**production())

        assert result.returncode == 0, result.stderr

    def test_check_deploy_is_clean(self):
        result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production())

        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    def test_sends_email_over_smtp_and_serves_compressed_static_files(self):
        code = (
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.EMAIL_BACKEND); print(s.STORAGES['staticfiles']['BACKEND']); "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
        )

        result = run(["-c", code], **production())

        assert result.stdout.split("\n")[:3] == [
            "django.core.mail.backends.smtp.EmailBackend",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
            "True True",
        ], result.stderr


class TestBadValuesFailLoudly:
    def test_a_boolean_that_is_not_one(self):
        result = setup_django(**production(DEBUG="maybe"))

        assert result.returncode != 0
        assert "DEBUG must be a boolean" in result.stderr
        assert "'maybe'" in result.stderr

    def test_a_number_that_is_not_one(self):
        result = setup_django(**production(EMAIL_PORT="twenty-five"))

        assert result.returncode != 0
        assert "EMAIL_PORT must be a whole number" in result.stderr

    @pytest.mark.parametrize(
        "url", ["sqlite:///x", "mysql://u:p@h/db", "sqlite:///db.sqlite3", "not a url"]
    )
    def test_a_database_that_is_not_postgresql(self, url):
        result = setup_django(**production(DATABASE_URL=url))

        assert result.returncode != 0
        assert "DATABASE_URL must point at PostgreSQL" in result.stderr


class TestDevelopmentDefaults:
    def test_debug_is_on_and_mail_goes_to_the_console(self):
        code = (
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DEBUG, s.EMAIL_BACKEND)"
        )

        result = run(["-c", code], DATABASE_URL=A_SERVER)

        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "True django.core.mail.backends.console.EmailBackend"


class TestEnvironmentHelpers:
    @pytest.mark.parametrize(
        ("raw", "value"),
        [("1", True), ("true", True), (" Yes ", True), ("ON", True)]
        + [("0", False), ("false", False), ("no", False), ("off", False), ("", False)],
    )
    def test_env_bool_understands_the_usual_spellings(self, monkeypatch, raw, value):
        monkeypatch.setenv("PBAS_TEST_FLAG", raw)

        assert env_bool("PBAS_TEST_FLAG", not value) is value

    @pytest.mark.parametrize("raw", ["Flase", "2", "y", "nope"])
    def test_env_bool_rejects_anything_else(self, monkeypatch, raw):
        monkeypatch.setenv("PBAS_TEST_FLAG", raw)

        with pytest.raises(ImproperlyConfigured, match="PBAS_TEST_FLAG must be a boolean"):
            env_bool("PBAS_TEST_FLAG", False)

    def test_env_bool_uses_the_default_when_unset(self, monkeypatch):
        monkeypatch.delenv("PBAS_TEST_FLAG", raising=False)

        assert env_bool("PBAS_TEST_FLAG", True) is True

    def test_env_int(self, monkeypatch):
        monkeypatch.setenv("PBAS_TEST_NUMBER", "42")
        assert env_int("PBAS_TEST_NUMBER", 1) == 42

        monkeypatch.setenv("PBAS_TEST_NUMBER", "  ")
        assert env_int("PBAS_TEST_NUMBER", 7) == 7

        monkeypatch.setenv("PBAS_TEST_NUMBER", "4.2")
        with pytest.raises(ImproperlyConfigured, match="whole number"):
            env_int("PBAS_TEST_NUMBER", 1)

    def test_env_list_splits_on_commas_and_drops_blanks(self, monkeypatch):
        monkeypatch.setenv("PBAS_TEST_LIST", " example.org, ,www.example.org ,")

        assert env_list("PBAS_TEST_LIST", []) == ["example.org", "www.example.org"]
