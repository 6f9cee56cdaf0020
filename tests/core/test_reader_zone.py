"""Times in the reader's own zone (issue 13 item 2, first step:
accounts.reader_zone). A person who chose a zone on their profile reads
every time in it, and a time they type is read in it; anyone else gets the
programme's TIME_ZONE (Europe/London in the tests). Zones far from London,
India's half hour and a daylight-saving change.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from examinations.models import ResultRelease
from pbas_logbook.models import Notification, NotificationKind
from tests.examinations.conftest import decide, logbook, submit

UTC = datetime.UTC


def notice_at(user, at):
    Notification.objects.create(
        recipient=user, kind=NotificationKind.COMMENT, message="Zone check", url="/", created_at=at
    )


def shown(client_for, user) -> str:
    response = client_for(user).get(reverse("notifications"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
class TestTimesShown:
    @pytest.mark.parametrize(
        ("zone", "expected"),
        [
            ("", "6 Dec 2026, 10:30"),  # London is on UTC in December
            ("Pacific/Auckland", "6 Dec 2026, 23:30"),  # NZDT, UTC+13
            ("America/Los_Angeles", "6 Dec 2026, 02:30"),  # PST, UTC-8
            ("Asia/Kolkata", "6 Dec 2026, 16:00"),  # IST, UTC+5:30
        ],
    )
    def test_a_notice_is_dated_in_the_readers_zone(self, cast, client_for, zone, expected):
        cast.candidate.time_zone = zone
        cast.candidate.save(update_fields=["time_zone"])
        notice_at(cast.candidate, datetime.datetime(2026, 12, 6, 10, 30, tzinfo=UTC))

        assert expected in shown(client_for, cast.candidate)

    def test_across_the_end_of_auckland_summer_time(self, cast, client_for):
        """On 4 April 2027 Auckland's clocks go back from 03:00 to 02:00: the
        two instants an hour apart both read 02:30 there (NZDT, then NZST)."""
        cast.candidate.time_zone = "Pacific/Auckland"
        cast.candidate.save(update_fields=["time_zone"])
        notice_at(cast.candidate, datetime.datetime(2027, 4, 3, 13, 30, tzinfo=UTC))
        notice_at(cast.candidate, datetime.datetime(2027, 4, 3, 14, 30, tzinfo=UTC))

        assert shown(client_for, cast.candidate).count("4 Apr 2027, 02:30") == 2

    def test_two_readers_of_one_instant_each_in_their_own_zone(self, cast, client_for):
        at = datetime.datetime(2026, 12, 6, 10, 30, tzinfo=UTC)
        cast.candidate.time_zone = "Pacific/Auckland"
        cast.candidate.save(update_fields=["time_zone"])
        cast.mentor.time_zone = "America/Los_Angeles"
        cast.mentor.save(update_fields=["time_zone"])
        notice_at(cast.candidate, at)
        notice_at(cast.mentor, at)

        assert "6 Dec 2026, 23:30" in shown(client_for, cast.candidate)
        assert "6 Dec 2026, 02:30" in shown(client_for, cast.mentor)
        # The request's zone does not outlive it.
        assert timezone.get_current_timezone_name() == "Europe/London"

    def test_a_zone_this_machine_no_longer_knows_falls_back_to_the_programmes(
        self, cast, client_for
    ):
        cast.candidate.time_zone = "Mars/Olympus_Mons"  # as if removed from tzdata
        cast.candidate.save(update_fields=["time_zone"])
        notice_at(cast.candidate, datetime.datetime(2026, 12, 6, 10, 30, tzinfo=UTC))

        assert "6 Dec 2026, 10:30" in shown(client_for, cast.candidate)


@pytest.mark.django_db
class TestTimesTyped:
    def test_a_release_time_is_read_in_the_coordinators_zone_and_named(self, cast, client_for):
        cast.coordinator.time_zone = "Asia/Kolkata"
        cast.coordinator.save(update_fields=["time_zone"])
        logbook(cast.enrolment, [1])
        submission = submit(cast.enrolment)
        decide(cast, submission, released=False)
        year = timezone.now().year + 1
        client = client_for(cast.coordinator)

        response = client.post(
            reverse("examinations:result_release", args=[submission.public_id]),
            {"release-when": "at", "release-release_at": f"{year}-01-15T09:00"},
        )

        assert response.status_code == 302
        release = ResultRelease.objects.get(decision__submission=submission)
        assert release.release_at == datetime.datetime(year, 1, 15, 3, 30, tzinfo=UTC)
        page = client.get(response.url).content.decode()
        assert f"15 Jan {year}, 09:00" in page
        assert "Asia/Kolkata" in page
