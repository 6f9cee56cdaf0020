"""Time zones by IANA name, and a time told in someone else's zone.

The reader's zone is the active one (``accounts.reader_zone``); a
candidate's own zone is ``Enrolment.zone``. Where the writer's zone
matters (when was this entry written, for the person who wrote it), a page
says so: "Sun 23:40 in Auckland".
"""

import datetime
import zoneinfo

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _


def zone_named(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone called ``name``; None for a blank name or one this machine's
    tz database does not know (a page never fails on it)."""
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)  # ZoneInfo caches each zone it builds
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def city(zone: zoneinfo.ZoneInfo) -> str:
    """ "Auckland" for Pacific/Auckland, "Los Angeles" for America/Los_Angeles."""
    return str(zone.key).rsplit("/", 1)[-1].replace("_", " ")


def differs_from_reader(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether the active (reader's) zone shows ``moment`` at another wall
    time than ``zone`` does: only then is the writer's zone worth naming."""
    reader = timezone.get_current_timezone()
    return moment.astimezone(reader).utcoffset() != moment.astimezone(zone).utcoffset()


def in_zone(moment: datetime.datetime, zone: zoneinfo.ZoneInfo, *, with_date=False) -> str:
    """ "Sun 23:40 in Auckland" (``with_date``: "Sun 12 Jan 2025, 23:40 in Auckland")."""
    local = moment.astimezone(zone)
    when = dateformat.format(local, "D j M Y, H:i" if with_date else "D H:i")
    return _("%(when)s in %(city)s") % {"when": when, "city": city(zone)}
