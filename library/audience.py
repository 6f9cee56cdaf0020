"""Text written for one person away from their own request: a notice, an
email or a reminder sent by a job or by someone else's action is worded in
the receiver's language and tells times in the receiver's zone (issue 13),
not the sender's or the server's.

    with as_read_by(candidate):
        message = _("Your mentor commented on week %(week)s") % {...}
"""

from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone, translation

from library.zones import zone_named

_SHIPPED = {code for code, _name in settings.LANGUAGES}


def language_of(person) -> str:
    """The language ``person`` reads in away from a browser: their choice,
    else the programme's (no browser to ask)."""
    return person.language if person.language in _SHIPPED else settings.LANGUAGE_CODE


@contextmanager
def as_read_by(person):
    zone = zone_named(person.time_zone) or timezone.get_default_timezone()
    with translation.override(language_of(person)), timezone.override(zone):
        yield
