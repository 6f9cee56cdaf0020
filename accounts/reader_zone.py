"""Each reader's own time zone (issue 13 item 2, first step): every page a
signed-in person reads shows times in the zone they chose on their profile
(``User.time_zone``), and forms read the times typed into them in it too
(Django converts aware datetimes to the active zone when rendering and
makes typed ones aware in it when cleaning). Until they choose, and for
anyone signed out, the programme's ``TIME_ZONE`` stays active.

Not yet here (issue 13 item 2, later steps): a candidate's weeks, "this
week" and lateness computed in the *candidate's* zone when someone else
reads them, and "written Sun 23:40 in Auckland" where the writer's zone
matters. Jobs without a request (reminders, releases) run in ``TIME_ZONE``.
"""

import zoneinfo
from functools import lru_cache

from django.utils import timezone


@lru_cache(maxsize=512)
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None  # a zone this machine's tz database no longer knows


def reader_time_zone(get_response):
    def middleware(request):
        user = getattr(request, "user", None)
        zone = (
            _zone(user.time_zone)
            if user is not None and user.is_authenticated and user.time_zone
            else None
        )
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return get_response(request)
        finally:
            timezone.deactivate()  # a thread serves the next request fresh

    return middleware
