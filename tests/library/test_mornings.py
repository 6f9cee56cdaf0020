"""Reminders in the morning of the receiver's own day (issue 13 item 2):
library.mornings and the three hourly jobs that use it (candidates' and
mentors' nudges, daily digests, examiners' due-date reminders)."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
from django.utils import translation

from library.mornings import local_now, morning_day
from mentors.models import ReminderKind, ReminderLog
from mentors.reminders import send_reminders
from notifications.notices import notify, send_daily_digests
from pbas_logbook.models import (
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from tests.mentors.conftest import write

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def real_mornings(settings):
    """The real window (tests/conftest.py makes every hour morning)."""
    settings.REMINDER_MORNING_HOUR = 7
    settings.REMINDER_MORNING_HOURS = 4


def person(zone):
    return SimpleNamespace(time_zone=zone)


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


class TestMorningDay:
    def test_auckland_morning_is_the_previous_evening_in_utc(self):
        # 19:30 UTC on 6 Dec is 08:30 on 7 Dec in Auckland (NZDT, +13).
        assert morning_day(person("Pacific/Auckland"), at("2026-12-06 19:30")) == datetime.date(
            2026, 12, 7
        )
        assert morning_day(person("Pacific/Auckland"), at("2026-12-07 08:30")) is None

    def test_los_angeles_morning(self):
        # 15:00 UTC is 07:00 in Los Angeles (PST, -8): the first hour of it.
        assert morning_day(person("America/Los_Angeles"), at("2026-12-07 15:00")) == (
            datetime.date(2026, 12, 7)
        )
        assert morning_day(person("America/Los_Angeles"), at("2026-12-07 14:59")) is None
        # 19:00 UTC is 11:00: the window of four hours has closed.
        assert morning_day(person("America/Los_Angeles"), at("2026-12-07 19:00")) is None

    def test_kolkata_half_hour(self):
        # 01:29 UTC is 06:59 in Kolkata (+05:30); 01:30 is 07:00.
        assert morning_day(person("Asia/Kolkata"), at("2026-12-07 01:29")) is None
        assert morning_day(person("Asia/Kolkata"), at("2026-12-07 01:30")) == (
            datetime.date(2026, 12, 7)
        )

    def test_a_dst_change_moves_the_morning_in_utc(self):
        # London: 07:00 is 07:00 UTC in winter and 06:00 UTC in summer
        # (clocks went forward on 29 March 2026).
        london = person("Europe/London")
        assert morning_day(london, at("2026-03-28 06:30")) is None
        assert morning_day(london, at("2026-03-30 06:30")) == datetime.date(2026, 3, 30)

    def test_no_zone_or_an_unknown_one_is_the_programmes(self, settings):
        settings.TIME_ZONE = "Europe/London"
        assert local_now(person(""), at("2026-12-07 09:00")).utcoffset() == datetime.timedelta(0)
        assert morning_day(person("Mars/Olympus"), at("2026-12-07 09:00")) == (
            datetime.date(2026, 12, 7)
        )


def zone(user, name):
    user.time_zone = name
    user.save(update_fields=["time_zone"])


@pytest.mark.django_db
class TestNudgesInTheReceiversMorning:
    LAST_WEEK = 10  # the cast started 10 weeks ago

    def test_each_candidate_is_nudged_in_their_own_morning(self, cast):
        zone(cast.candidate, "Pacific/Auckland")
        zone(cast.candidate2, "America/Los_Angeles")
        # 20:00 UTC: 09:00 tomorrow in Auckland, 12:00 in Los Angeles.
        now = datetime.datetime.now(UTC).replace(hour=20, minute=0, second=0, microsecond=0)

        send_reminders(now=now)

        (log,) = ReminderLog.objects.filter(kind=ReminderKind.CANDIDATE_NO_ENTRY)
        assert log.recipient == cast.candidate
        # The day it counts for is Auckland's, already tomorrow in UTC terms.
        assert log.sent_on == now.astimezone(zoneinfo.ZoneInfo("Pacific/Auckland")).date()
        assert log.sent_on == (now + datetime.timedelta(days=1)).date()

        # 15:00 UTC the next day: 07:00 in Los Angeles; Auckland is at 04:00.
        send_reminders(now=now + datetime.timedelta(hours=19))
        assert set(ReminderLog.objects.values_list("recipient", flat=True)) == {
            cast.candidate.pk,
            cast.candidate2.pk,
        }

    def test_a_nudge_is_worded_in_the_receivers_language(self, cast):
        cast.candidate.language = "es"
        cast.candidate.save(update_fields=["language"])
        write(cast.enrolment2, self.LAST_WEEK)  # nothing due for the second
        now = datetime.datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)

        with translation.override("en"):
            send_reminders(now=now)

        notice = Notification.objects.get(recipient=cast.candidate)
        with translation.override("es"):
            expected = translation.gettext(
                "Reminder: there is no logbook entry for week %(week)s yet"
            ) % {"week": self.LAST_WEEK}
        assert notice.message == expected


@pytest.mark.django_db
class TestDigestsInTheReadersMorning:
    def test_a_digest_waits_for_the_readers_morning_and_goes_once_that_day(self, cast):
        zone(cast.candidate, "Asia/Kolkata")
        NotificationPreference.objects.create(
            user=cast.candidate, email_frequency=EmailFrequency.DAILY
        )
        notify(recipient=cast.candidate, kind=NotificationKind.COMMENT, message="One", url="/")
        day = datetime.datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

        assert send_daily_digests(now=day + datetime.timedelta(hours=1, minutes=29)) == 0
        assert send_daily_digests(now=day + datetime.timedelta(hours=1, minutes=30)) == 1
        notify(recipient=cast.candidate, kind=NotificationKind.COMMENT, message="Two", url="/")
        # Still morning in Kolkata, but today's digest has gone: tomorrow's.
        assert send_daily_digests(now=day + datetime.timedelta(hours=3)) == 0
        assert send_daily_digests(now=day + datetime.timedelta(days=1, hours=2)) == 1
