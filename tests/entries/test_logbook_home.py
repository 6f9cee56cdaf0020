"""The logbook home: the week strip, the entries newest first, the look-back
reminder; and the entry page's "written N days after the week"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entries.models import Entry, Partnership
from entries.progress import build_strip, week_rows
from entries.vocabulary import BrokerPosition, Phase
from pbas_logbook.models import Enrolment
from tests.entries.helpers import write

HOME = reverse("entries:home")


def written_on(entry, day: datetime.date) -> Entry:
    """Backdate when the entry was first written (noon, local time)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Entry.objects.filter(pk=entry.pk).update(created_at=moment)
    entry.refresh_from_db()
    return entry


def on_time(entry) -> Entry:
    return written_on(entry, entry.week_start + datetime.timedelta(days=2))


def days_after_week(entry, days) -> Entry:
    return written_on(entry, entry.week_end + datetime.timedelta(days=days))


@pytest.fixture
def logbook(headed):
    """Week 11 of 15 is the current week (the programme began 10 weeks ago).

    week 1 shared on time · 2 draft on time · 3 missing · 4 shared, 10 days
    late · 5 draft, 8 days late · 6 written exactly 7 days after (not late) ·
    7 two entries, one shared · 8-10 missing · 11 (this week) a draft.
    """
    enrolment = headed.enrolment
    assert enrolment.current_week() == 11
    e = {}
    e[1] = on_time(write(enrolment, 1, title="Scoping begins", share=True))
    e[2] = on_time(write(enrolment, 2, title="Mapping partners"))
    e[4] = days_after_week(write(enrolment, 4, title="Late reflections", share=True), 10)
    e[5] = days_after_week(write(enrolment, 5, title="Catching up"), 8)
    e[6] = days_after_week(write(enrolment, 6, title="Just in time"), 7)
    e["7a"] = on_time(write(enrolment, 7, title="Workshop morning"))
    e["7b"] = on_time(write(enrolment, 7, title="Workshop evening", share=True))
    Entry.objects.filter(pk=e["7b"].pk).update(
        created_at=e["7a"].created_at + datetime.timedelta(hours=6)
    )
    e[11] = write(enrolment, 11, title="This week so far")
    return e


@pytest.mark.django_db
class TestWeekStrip:
    def test_counts_written_and_late_weeks_so_far(self, headed, logbook, client_for):
        response = client_for(headed.candidate).get(HOME)

        strip = response.context["strip"]
        assert strip.summary == "7 of 11 weeks so far, 2 written late"
        assert (strip.weeks_written, strip.weeks_so_far, strip.weeks_late) == (7, 11, 2)
        assert "Progress: 7 of 11 weeks so far, 2 written late" in response.content.decode()

    def test_each_week_shows_shared_written_missing_or_to_come(self, headed, logbook, client_for):
        strip = client_for(headed.candidate).get(HOME).context["strip"]

        states = {cell.number: cell.state for cell in strip.cells}
        assert len(strip.cells) == 15
        assert states == {
            1: "shared",
            2: "written",
            3: "missing",
            4: "shared",
            5: "written",
            6: "written",
            7: "shared",
            8: "missing",
            9: "missing",
            10: "missing",
            11: "written",
            12: "future",
            13: "future",
            14: "future",
            15: "future",
        }

    def test_late_weeks_are_marked(self, headed, logbook, client_for):
        strip = client_for(headed.candidate).get(HOME).context["strip"]

        assert [cell.number for cell in strip.cells if cell.late] == [4, 5]
        assert [cell.number for cell in strip.cells if cell.entry_count > 1] == [7]

    def test_the_strip_is_drawn_with_readable_labels(self, headed, logbook, client_for):
        html = client_for(headed.candidate).get(HOME).content.decode()

        assert html.count('role="listitem" class="week-cell') == 15
        assert "week-cell week-missing" in html
        assert "week-cell week-shared week-late" in html
        assert ": shared with mentor, written late" in html
        assert ": no entry" in html
        assert ", 2 entries" in html

    def test_the_current_week_without_an_entry_is_not_missing_yet(self, headed, client_for):
        on_time(write(headed.enrolment, 10))

        strip = client_for(headed.candidate).get(HOME).context["strip"]

        assert strip.cells[10].state == "current"
        assert strip.summary == "1 of 11 weeks so far"

    def test_a_new_logbook_has_no_weeks_written(self, headed, client_for):
        response = client_for(headed.candidate).get(HOME)

        assert response.context["strip"].summary == "0 of 11 weeks so far"
        assert "No entries yet" in response.content.decode()

    def test_the_mentors_strip_leaves_out_drafts(self, headed, logbook):
        strip = build_strip(
            headed.enrolment, week_rows(headed.enrolment.entries.all()), shared_only=True
        )

        assert strip.summary == "3 of 11 weeks so far, 1 written late"
        assert strip.cells[1].state == "missing"

    def test_entries_after_the_programme_are_counted_after_it(self, headed):
        Enrolment.objects.filter(pk=headed.enrolment.pk).update(length_weeks=8)
        headed.enrolment.refresh_from_db()
        write(headed.enrolment, 10)

        strip = build_strip(headed.enrolment, week_rows(headed.enrolment.entries.all()))

        assert len(strip.cells) == 8
        assert strip.after_count == 1
        assert strip.summary == "0 of 8 weeks so far"


@pytest.mark.django_db
class TestEntryList:
    def test_entries_are_newest_first(self, headed, logbook, client_for):
        response = client_for(headed.candidate).get(HOME)

        titles = [entry.title for entry in response.context["entries"]]
        assert titles == [
            "This week so far",
            "Workshop evening",
            "Workshop morning",
            "Just in time",
            "Catching up",
            "Late reflections",
            "Mapping partners",
            "Scoping begins",
        ]
        listed = response.content.decode().split('id="entries-heading"')[1]
        positions = [listed.index(f"{title}</a>") for title in titles]
        assert positions == sorted(positions)

    def test_each_entry_shows_its_status(self, headed, logbook, client_for):
        html = client_for(headed.candidate).get(HOME).content.decode()

        rows = html.split('<li class="entry-row">')[1:]
        by_title = {
            title: row for row in rows for title in [row.split("</a>")[0].split(": ", 1)[-1]]
        }
        assert '<span class="badge text-bg-success">Shared</span>' in by_title["Scoping begins"]
        assert '<span class="badge text-bg-secondary">Draft</span>' in by_title["Mapping partners"]
        assert "Written late" in by_title["Late reflections"]
        assert "Written late" in by_title["Catching up"]
        assert "Written late" not in by_title["Just in time"]
        assert "another entry this week" in by_title["Workshop morning"]
        assert "another entry this week" not in by_title["Scoping begins"]

    def test_each_entry_shows_its_tags_and_a_plain_text_excerpt(self, headed, client_for):
        partnership = Partnership.objects.create(
            enrolment=headed.enrolment, name="Coastal water forum", position=BrokerPosition.INTERNAL
        )
        write(
            headed.enrolment,
            3,
            bodies=[
                "",
                "The **donor** asked for a [review](https://example.org) & more.",
                "",
                "",
                "",
            ],
            partnerships=[partnership],
            phases=[Phase.MANAGING],
            tools=["SWOT analysis", "story circles"],
        )

        html = client_for(headed.candidate).get(HOME).content.decode()

        assert "Coastal water forum" in html
        assert "Managing &amp; maintaining" in html
        assert "SWOT analysis" in html
        assert "story circles" in html
        assert "The donor asked for a review &amp; more." in html
        assert "**donor**" not in html

    def test_the_excerpt_falls_back_to_the_aims(self, headed, client_for):
        write(headed.enrolment, 3, aims="Aim *high*.", bodies=[""] * 5)

        html = client_for(headed.candidate).get(HOME).content.decode()

        assert "Aim high." in html

    def test_only_the_candidates_own_entries_are_listed(self, headed, logbook, client_for):
        write(headed.enrolment2, 3, title="Someone else's week")

        html = client_for(headed.candidate).get(HOME).content.decode()

        assert "Someone else" not in html

    def test_without_headings_the_home_page_asks_to_choose_them(self, cast, client_for):
        html = client_for(cast.candidate).get(HOME).content.decode()

        assert "choosing your headings" in html

    def test_someone_without_a_logbook_is_told_so(self, cast, client_for):
        response = client_for(cast.mentor).get(HOME)

        assert response.status_code == 200
        assert "You are not enrolled in a cohort yet" in response.content.decode()


@pytest.mark.django_db
class TestLookBack:
    def test_an_entry_four_weeks_ago_is_offered(self, headed, logbook, client_for):
        html = client_for(headed.candidate).get(HOME).content.decode()

        assert "On this week 4 weeks ago" in html
        assert reverse("entries:entry_detail", args=[logbook["7b"].public_id]) in html

    def test_an_entry_eight_weeks_ago_is_offered_when_four_is_missing(self, headed, client_for):
        entry = write(headed.enrolment, 3, title="Early days")

        html = client_for(headed.candidate).get(HOME).content.decode()

        assert "On this week 8 weeks ago" in html
        assert reverse("entries:entry_detail", args=[entry.public_id]) in html

    def test_the_reminder_quotes_the_first_written_section_as_plain_text(self, headed, client_for):
        write(headed.enrolment, 7, bodies=["", "", "It *finally* clicked.", "", ""])

        html = client_for(headed.candidate).get(HOME).content.decode()
        reminder = html.split('id="look-back-heading"')[1].split("</aside>")[0]

        assert "It finally clicked." in reminder

    def test_no_reminder_without_an_entry_then(self, headed, client_for):
        write(headed.enrolment, 9)
        write(headed.enrolment, 6)

        html = client_for(headed.candidate).get(HOME).content.decode()

        assert "weeks ago" not in html


@pytest.mark.django_db
class TestWrittenRelativeToTheWeek:
    def detail(self, client, entry):
        return client.get(reverse("entries:entry_detail", args=[entry.public_id])).content.decode()

    def test_written_twelve_days_after_the_week(self, headed, client_for):
        entry = days_after_week(write(headed.enrolment, 2), 12)

        html = self.detail(client_for(headed.candidate), entry)

        assert "12 days after the week (late)" in html

    def test_written_one_day_after_the_week(self, headed, client_for):
        entry = days_after_week(write(headed.enrolment, 2), 1)

        html = self.detail(client_for(headed.candidate), entry)

        assert "1 day after the week" in html
        assert "(late)" not in html

    def test_written_during_the_week(self, headed, client_for):
        entry = on_time(write(headed.enrolment, 2))

        assert "during the week" in self.detail(client_for(headed.candidate), entry)

    def test_written_on_the_last_day_of_the_week(self, headed, client_for):
        entry = days_after_week(write(headed.enrolment, 2), 0)

        assert "on the last day of the week" in self.detail(client_for(headed.candidate), entry)

    def test_the_entry_page_names_the_week_and_its_dates(self, headed, client_for):
        entry = write(headed.enrolment, 3)

        html = self.detail(client_for(headed.candidate), entry)

        assert headed.enrolment.week_label(3) in html


class TestWeekLabel:
    def test_a_week_within_one_month(self):
        enrolment = Enrolment(start_date=datetime.date(2024, 10, 1))

        assert enrolment.week_label(3) == "Week 3 · 15–21 Oct"

    def test_a_week_across_two_months(self):
        enrolment = Enrolment(start_date=datetime.date(2024, 10, 1))

        assert enrolment.week_label(5) == "Week 5 · 29 Oct–4 Nov"
