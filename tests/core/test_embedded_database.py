"""The embedded PostgreSQL path: CI runs this module with DATABASE_URL unset."""

import os

import pytest
from django.conf import settings
from django.db import connection

from pbas_logbook.models import User


@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    assert int(version.split(".")[0]) >= 15


@pytest.mark.django_db
def test_embedded_server_used_when_database_url_unset():
    if os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is set; .ci/run runs this module again without it")
    host = settings.DATABASES["default"]["HOST"]
    assert host.endswith("var/pgdata"), host  # a Unix socket in the project's var/


@pytest.mark.django_db
def test_migrations_applied_and_writable():
    User.objects.create_user("embedded@example.test", "pw-123456789", full_name="Em Bedded")
    assert User.objects.filter(email="embedded@example.test").exists()
