"""A candidate's weeks follow the candidate's own time zone (issue 13 item 2):
"this week", the new entry's week, "written N days after the week",
lateness and the week strip are on the candidate's calendar, on their own
pages and on their mentor's and examiner's, whoever reads them and from
wherever. Where the writer's zone matters (when was this entry written),
a reader in another zone is told it in the candidate's: "written Sun 23:40
in Auckland".

The logbook starts on Monday 5 January 2026: week 2 is 12-18 January,
week 3 from Monday 19 January. In January Auckland is on NZDT (UTC+13),
Los Angeles on PST (UTC-8), Kolkata on IST (UTC+5:30), London on UTC.
Sunday 18 January 23:40 in Auckland is 10:40 UTC, and 02:40 that same
Sunday morning in Los Angeles (21 hours behind, not Saturday): both still
in week 2. It is when Auckland's Monday has begun and Los Angeles's Sunday
has not ended that a reader's own calendar would be a week out.
"""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from entries.progress import build_strip, week_rows
from examinations import services as exam_services
from mentors.reminders import candidates_to_remind
from mentors.selectors import dashboard_rows
from pbas_logbook.models import Enrolment, User
from tests.entries.helpers import write
from tests.examinations.conftest import submit, write_paper

UTC = datetime.UTC
START = datetime.date(2026, 1, 5)  # a Monday
AUCKLAND = "Pacific/Auckland"
LOS_ANGELES = "America/Los_Angeles"
KOLKATA = "Asia/Kolkata"


def at(zone, *args) -> datetime.datetime:
    """An instant given as a wall time in ``zone``."""
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone))


class Clock:
    """``timezone.now`` fixed where the test says, moved when it says."""

    def __init__(self):
        self.now = datetime.datetime(2026, 1, 14, 12, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def zones(cast, *, candidate="", mentor=""):
    for user, zone in ((cast.candidate, candidate), (cast.mentor, mentor)):
        user.time_zone = zone
        user.save(update_fields=["time_zone"])
    cast.enrolment.start_date = START
    cast.enrolment.save(update_fields=["start_date"])
    return Enrolment.objects.select_related("candidate").get(pk=cast.enrolment.pk)


def page(client_for, user, url) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def new_entry_week(client_for, user) -> int:
    html = page(client_for, user, reverse("entries:entry_new"))
    return int(re.search(r'<option value="(\d+)" selected', html).group(1))


def strip_labels(strip) -> dict[int, str]:
    return {cell.number: cell.label for cell in strip.cells}


@pytest.mark.django_db
class TestAucklandSundayNight:
    """Cat in Auckland writes on Sunday night; Mo, her mentor, reads in Los Angeles."""

    def test_the_new_entry_is_for_the_candidates_week(self, headed, client_for, clock):
        enrolment = zones(headed, candidate=AUCKLAND, mentor=LOS_ANGELES)
        clock.now = at(AUCKLAND, 2026, 1, 18, 23, 40)
        assert clock.now == datetime.datetime(2026, 1, 18, 10, 40, tzinfo=UTC)

        assert enrolment.today() == datetime.date(2026, 1, 18)
        assert enrolment.current_week() == 2
        assert new_entry_week(client_for, headed.candidate) == 2

    def test_her_monday_starts_week_3_while_it_is_still_sunday_elsewhere(
        self, headed, client_for, clock
    ):
        enrolment = zones(headed, candidate=AUCKLAND, mentor=LOS_ANGELES)
        clock.now = at(AUCKLAND, 2026, 1, 19, 0, 10)  # Sunday 03:10 in Los Angeles

        assert new_entry_week(client_for, headed.candidate) == 3
        # Outside a request (London active) and in the mentor's zone alike.
        assert enrolment.current_week() == 3
        with timezone.override(LOS_ANGELES):
            assert enrolment.current_week() == 3
            assert enrolment.today() == datetime.date(2026, 1, 19)
        # A date given is still the date used.
        assert enrolment.current_week(datetime.date(2026, 1, 18)) == 2

    def test_the_entry_is_in_week_2_for_her_and_for_her_mentor(self, headed, client_for, clock):
        enrolment = zones(headed, candidate=AUCKLAND, mentor=LOS_ANGELES)
        clock.now = at(AUCKLAND, 2026, 1, 18, 23, 40)
        entry = write(enrolment, 2, title="Sunday night", share=True)
        # Mo reads on Monday morning in Auckland: Sunday noon in Los Angeles.
        clock.now = at(AUCKLAND, 2026, 1, 19, 9, 0)

        assert entry.days_after_week == 0
        assert not entry.is_late
        labels = strip_labels(build_strip(enrolment, week_rows(enrolment.entries.all())))
        assert labels[2] == "Week 2 (12 Jan–18 Jan): shared with mentor"
        assert labels[3] == "Week 3 (19 Jan–25 Jan): this week"

        with timezone.override(LOS_ANGELES):
            (row,) = dashboard_rows(headed.mentor)
        mentor_labels = strip_labels(row.strip)
        assert mentor_labels[2] == "Week 2 (12 Jan–18 Jan): shared with mentor"
        assert mentor_labels[3] == "Week 3 (19 Jan–25 Jan): this week"
        assert row.strip.summary == "1 of 3 weeks so far"
        # Week 1, now two weeks back on her calendar, is the one gap.
        assert row.weeks_without_shared == 0

        dashboard = page(client_for, headed.mentor, reverse("mentors:dashboard"))
        assert "Week 3 (19 Jan–25 Jan): this week" in dashboard
        assert "Week 2 (12 Jan–18 Jan): shared with mentor" in dashboard

        home = page(client_for, headed.candidate, reverse("entries:home"))
        assert "Week 3 (19 Jan–25 Jan): this week" in home
        assert "Written late" not in home

    def test_the_mentor_is_told_when_it_was_written_in_auckland(self, headed, client_for, clock):
        enrolment = zones(headed, candidate=AUCKLAND, mentor=LOS_ANGELES)
        clock.now = at(AUCKLAND, 2026, 1, 18, 23, 40)
        entry = write(enrolment, 2, title="Sunday night", share=True)
        clock.now = at(AUCKLAND, 2026, 1, 19, 9, 0)
        url = reverse("mentors:entry_review", args=[entry.public_id])

        seen_by_mentor = page(client_for, headed.mentor, url)
        assert "written Sun 23:40 in Auckland, during the week" in seen_by_mentor
        assert "Written late" not in seen_by_mentor

        seen_by_candidate = page(client_for, headed.candidate, url)
        assert "in Auckland" not in seen_by_candidate
        assert "written during the week" in seen_by_candidate
        detail = page(
            client_for, headed.candidate, reverse("entries:entry_detail", args=[entry.public_id])
        )
        assert "on the last day of the week" in detail

    def test_a_mentor_in_her_zone_is_not_told_it(self, headed, client_for, clock):
        enrolment = zones(headed, candidate=AUCKLAND, mentor=AUCKLAND)
        clock.now = at(AUCKLAND, 2026, 1, 18, 23, 40)
        entry = write(enrolment, 2, share=True)
        url = reverse("mentors:entry_review", args=[entry.public_id])

        assert "in Auckland" not in page(client_for, headed.mentor, url)


@pytest.mark.django_db
class TestLatenessOnTheCandidatesCalendar:
    """Cat in Los Angeles, Mo in Auckland: late or not is Cat's calendar's say."""

    def test_seven_days_after_for_her_is_not_late_though_it_is_monday_for_him(
        self, headed, client_for, clock
    ):
        enrolment = zones(headed, candidate=LOS_ANGELES, mentor=AUCKLAND)
        # Week 1 ended Sunday 11 January; Sunday 18 January 20:00 in Los
        # Angeles is Monday 17:00 in Auckland: 7 days after for her, 8 for him.
        clock.now = at(LOS_ANGELES, 2026, 1, 18, 20, 0)
        entry = write(enrolment, 1, title="Catching up", share=True)

        assert entry.days_after_week == 7
        assert not entry.is_late
        url = reverse("mentors:entry_review", args=[entry.public_id])
        seen_by_mentor = page(client_for, headed.mentor, url)
        assert "written Sun 20:00 in Los Angeles, 7 days after the week" in seen_by_mentor
        assert "Written late" not in seen_by_mentor
        logbook = page(
            client_for, headed.mentor, reverse("mentors:mentee_logbook", args=[enrolment.pk])
        )
        assert "Written late" not in logbook

    def test_an_hour_later_her_monday_has_begun_and_it_is_late(self, headed, client_for, clock):
        enrolment = zones(headed, candidate=LOS_ANGELES, mentor=AUCKLAND)
        clock.now = at(LOS_ANGELES, 2026, 1, 19, 0, 30)
        entry = write(enrolment, 1, share=True)

        assert entry.days_after_week == 8
        assert entry.is_late
        with timezone.override(AUCKLAND):
            (row,) = dashboard_rows(headed.mentor)
        assert row.strip.weeks_late == 1
        url = reverse("mentors:entry_review", args=[entry.public_id])
        assert "Written late" in page(client_for, headed.mentor, url)


@pytest.mark.django_db
class TestKolkataHalfHour:
    """Kolkata is UTC+5:30: its Monday 19 January begins at 18:30 UTC on Sunday."""

    @pytest.mark.parametrize(
        ("utc", "day", "week", "late"),
        [
            (datetime.datetime(2026, 1, 18, 18, 20, tzinfo=UTC), 18, 2, False),  # Sun 23:50
            (datetime.datetime(2026, 1, 18, 18, 40, tzinfo=UTC), 19, 3, True),  # Mon 00:10
        ],
    )
    def test_the_week_turns_at_her_midnight(self, headed, clock, utc, day, week, late):
        enrolment = zones(headed, candidate=KOLKATA)
        clock.now = utc

        assert enrolment.today() == datetime.date(2026, 1, day)
        assert enrolment.current_week() == week  # London, active here, is on Sunday
        entry = write(enrolment, 1, share=True)  # week 1 ended Sunday 11 January
        assert entry.is_late is late
        (row,) = dashboard_rows(headed.mentor)
        assert row.strip.cells[week - 1].state == "current"
        assert row.strip.weeks_late == int(late)


@pytest.mark.django_db
class TestDaylightSavingWeek:
    """Los Angeles leaves summer time on Sunday 1 November 2026 (02:00 PDT is
    01:00 PST): the week that follows begins at 08:00 UTC, not 07:00."""

    @pytest.mark.parametrize(
        ("utc", "week"),
        [
            (datetime.datetime(2026, 11, 2, 7, 30, tzinfo=UTC), 1),  # Sun 23:30 PST
            (datetime.datetime(2026, 11, 2, 8, 10, tzinfo=UTC), 2),  # Mon 00:10 PST
        ],
    )
    def test_the_week_turns_at_her_midnight_after_the_change(
        self, headed, client_for, clock, utc, week
    ):
        enrolment = zones(headed, candidate=LOS_ANGELES, mentor=AUCKLAND)
        enrolment.start_date = datetime.date(2026, 10, 26)  # a Monday
        enrolment.save(update_fields=["start_date"])
        clock.now = utc

        assert enrolment.current_week() == week
        assert new_entry_week(client_for, headed.candidate) == week
        with timezone.override(AUCKLAND):  # Monday afternoon there either way
            assert enrolment.current_week() == week


@pytest.mark.django_db
class TestNoZoneChosen:
    """Until anyone chooses a zone, everything is on TIME_ZONE (Europe/London), as before."""

    def test_weeks_follow_london(self, headed, client_for, clock, settings):
        assert settings.TIME_ZONE == "Europe/London"
        enrolment = zones(headed)
        assert enrolment.zone == zoneinfo.ZoneInfo("Europe/London")
        clock.now = datetime.datetime(2026, 1, 18, 23, 40, tzinfo=UTC)  # Sunday, GMT

        assert enrolment.current_week() == 2
        assert new_entry_week(client_for, headed.candidate) == 2
        entry = write(enrolment, 2, share=True)
        clock.now = datetime.datetime(2026, 1, 19, 0, 10, tzinfo=UTC)
        assert enrolment.current_week() == 3
        assert entry.days_after_week == 0
        (row,) = dashboard_rows(headed.mentor)
        assert row.strip.cells[2].state == "current"
        seen_by_mentor = page(
            client_for, headed.mentor, reverse("mentors:entry_review", args=[entry.public_id])
        )
        assert "in London" not in seen_by_mentor
        assert "written during the week" in seen_by_mentor

    def test_a_zone_the_tz_database_no_longer_knows_falls_back(self, headed, clock):
        zones(headed)
        User.objects.filter(pk=headed.candidate.pk).update(time_zone="Mars/Olympus_Mons")
        enrolment = Enrolment.objects.select_related("candidate").get(pk=headed.enrolment.pk)
        clock.now = datetime.datetime(2026, 1, 19, 0, 10, tzinfo=UTC)

        assert enrolment.zone == zoneinfo.ZoneInfo("Europe/London")
        assert enrolment.current_week() == 3


@pytest.mark.django_db
class TestExaminerReading:
    """An examiner in Los Angeles reads when an Auckland candidate wrote, in Auckland."""

    def test_the_written_line_names_the_candidates_zone(self, headed, client_for, clock):
        enrolment = zones(headed, candidate=AUCKLAND)
        headed.examiner.time_zone = LOS_ANGELES
        headed.examiner.save(update_fields=["time_zone"])
        clock.now = at(AUCKLAND, 2026, 1, 18, 23, 40)
        write(enrolment, 2, title="Sunday night", share=True)
        write_paper(enrolment)
        submission = submit(enrolment)
        exam_services.examiner_assign(
            submission=submission, examiner=headed.examiner, by=headed.coordinator
        )
        url = reverse("examinations:reading", args=[submission.public_id])

        seen_by_examiner = page(client_for, headed.examiner, url)
        assert "written Sun 18 Jan 2026, 23:40 in Auckland" in seen_by_examiner
        seen_by_candidate = page(client_for, headed.candidate, url)
        assert "in Auckland" not in seen_by_candidate
        assert "written 18 Jan 2026" in seen_by_candidate


@pytest.mark.django_db
class TestReminderOnHerCalendar:
    """The daily reminder asks for the week that has ended on the candidate's calendar."""

    def test_her_week_2_has_ended_while_londons_has_not(self, headed, clock):
        enrolment = zones(headed, candidate=AUCKLAND)
        write(enrolment, 1, share=True)
        now = at(AUCKLAND, 2026, 1, 19, 0, 10)  # Sunday 11:10 in London

        assert candidates_to_remind(now=now) == [(enrolment, 2)]
        # A day given is everyone's day, as before.
        assert candidates_to_remind(datetime.date(2026, 1, 18)) == []
