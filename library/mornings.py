"""Reminders in the morning of the receiver's own day (issue 13 item 2).

The reminder jobs run every hour (README's cron lines); each person is
reminded on the first run of their own morning: from
``REMINDER_MORNING_HOUR`` (07:00 by default) in their zone, for
``REMINDER_MORNING_HOURS`` hours, so that a run missed at 07:00 is made up
by the next one but nobody is woken at night. The day a reminder counts
for (once a day) is the receiver's local date, not London's.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from library.zones import zone_named


def local_now(person, now: datetime.datetime) -> datetime.datetime:
    """``now`` on ``person``'s clock (their profile's zone, else TIME_ZONE)."""
    return now.astimezone(zone_named(person.time_zone) or timezone.get_default_timezone())


def morning_day(person, now: datetime.datetime) -> datetime.date | None:
    """``person``'s local date if ``now`` falls in their morning, else None."""
    local = local_now(person, now)
    start = settings.REMINDER_MORNING_HOUR
    if start <= local.hour < start + settings.REMINDER_MORNING_HOURS:
        return local.date()
    return None
