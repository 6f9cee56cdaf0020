"""Each reader's own time zone (issue 13 item 2, first step): every page a
signed-in person reads shows times in the zone they chose on their profile
(``User.time_zone``), and forms read the times typed into them in it too
(Django converts aware datetimes to the active zone when rendering and
makes typed ones aware in it when cleaning). Until they choose, and for
anyone signed out, the programme's ``TIME_ZONE`` stays active.

A candidate's own calendar (weeks, "this week", lateness) is not the
reader's: it follows ``Enrolment.zone``, the candidate's zone, whoever
reads, and pages name it where it differs ("written Sun 23:40 in
Auckland"). Jobs without a request (reminders, releases) run in
``TIME_ZONE``; the coordinator's progress figures still count weeks there.
"""

from django.utils import timezone

from library.zones import zone_named


def reader_time_zone(get_response):
    def middleware(request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        zone = zone_named(user.time_zone) if signed_in else None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return get_response(request)
        finally:
            timezone.deactivate()  # a thread serves the next request fresh

    return middleware
