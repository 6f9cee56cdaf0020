"""Where a form may send a person back to (``next``), decided in one place."""

from django.utils.http import url_has_allowed_host_and_scheme

MAX_NEXT_CHARS = 2000


def same_site_path(value, default: str) -> str:
    """``value`` when it is a path on this site ("/logbook/?week=3"), else
    ``default``. Never a host, a scheme or a bare word: ``redirect()`` would
    take "env" for a URL name and fail, and "//evil.example" for a site."""
    if (
        isinstance(value, str)
        and 0 < len(value) <= MAX_NEXT_CHARS
        and value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and "\x00" not in value
        and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        return value
    return default
