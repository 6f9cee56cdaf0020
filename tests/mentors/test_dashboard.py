"""The mentor's dashboard: one row per mentee, whoever needs attention first."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from entries.models import Entry
from entries.services import entry_delete
from mentors import selectors
from mentors.models import Comment
from pbas_logbook.models import EnrolmentStatus
from tests.factories import EnrolmentFactory, UserFactory
from tests.mentors.conftest import comment, queries_for, write

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("mentors:dashboard")


def mentee(cast, name):
    """Another candidate mentored by cast.mentor, in the same cohort."""
    return EnrolmentFactory(
        candidate=UserFactory(full_name=name), mentor=cast.mentor, cohort=cast.cohort
    )


def table_rows(response) -> list[str]:
    """The visible text of each row of the mentee table, top to bottom."""
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(strip_tags(row).split()) for row in re.findall(r"<tr.*?</tr>", body, re.S)]


def row_for(rows, enrolment):
    (row,) = [r for r in rows if r.enrolment == enrolment]
    return row


class TestDashboardRows:
    def test_a_row_shows_the_strip_last_shared_and_what_waits(self, cast, client_for):
        entries = {week: write(cast.enrolment, week) for week in (8, 9, 10)}
        Entry.objects.filter(pk=entries[8].pk).update(reviewed_at=timezone.now())
        last = timezone.now() - datetime.timedelta(days=2)
        Entry.objects.filter(pk=entries[10].pk).update(shared_at=last)
        Entry.objects.filter(pk__in=[entries[8].pk, entries[9].pk]).update(
            shared_at=last - datetime.timedelta(days=5)
        )
        # Threads: answered by the candidate (waiting), asked by the mentor
        # (not waiting), answered back by the mentor (not waiting).
        comment(entries[9], cast.candidate, parent=comment(entries[9], cast.mentor))
        comment(entries[9], cast.mentor)
        answered = comment(entries[10], cast.mentor)
        comment(
            entries[10], cast.mentor, parent=comment(entries[10], cast.candidate, parent=answered)
        )

        (row,) = selectors.dashboard_rows(cast.mentor)
        page = table_rows(client_for(cast.mentor).get(DASHBOARD))

        assert row.enrolment == cast.enrolment
        assert [c.state for c in row.strip.cells[7:11]] == ["shared", "shared", "shared", "current"]
        assert row.strip.cells[6].state == "missing"
        assert row.strip.cells[7].reviewed
        assert row.last_shared == last
        assert (row.unreviewed, row.unanswered) == (2, 1)
        assert not row.falling_behind
        assert len(page) == 1
        assert "Cat Candidate" in page[0]
        assert timezone.localtime(last).strftime("%-d %b") in page[0]
        assert "Falling behind" not in page[0]

    def test_a_thread_the_candidate_started_is_waiting(self, cast):
        comment(write(cast.enrolment, 10), cast.candidate, "A question for you")

        (row,) = selectors.dashboard_rows(cast.mentor)

        assert row.unanswered == 1

    def test_a_resolved_thread_is_not_waiting(self, cast):
        entry = write(cast.enrolment, 10)
        thread = comment(entry, cast.mentor)
        comment(entry, cast.candidate, parent=thread)
        Comment.objects.filter(pk=thread.pk).update(resolved_at=timezone.now())

        (row,) = selectors.dashboard_rows(cast.mentor)

        assert row.unanswered == 0

    def test_threads_on_a_deleted_entry_are_not_waiting(self, cast):
        entry = write(cast.enrolment, 10)
        comment(entry, cast.candidate, "A question for you")
        entry_delete(entry=entry)

        (row,) = selectors.dashboard_rows(cast.mentor)

        assert (row.unanswered, row.unreviewed) == (0, 0)

    def test_the_strip_is_drawn_on_the_page(self, cast, client_for):
        write(cast.enrolment, 10)

        html = client_for(cast.mentor).get(DASHBOARD).content.decode()

        assert html.count('class="week-cell') == cast.enrolment.length_weeks
        assert re.search(
            r'week-cell week-shared[^"]*" title="Week 10 [^"]*shared with mentor', html
        )


class TestFallingBehind:
    def test_no_shared_entry_for_two_past_weeks_is_falling_behind(self, cast, client_for):
        write(cast.enrolment, 8)

        (row,) = selectors.dashboard_rows(cast.mentor)
        (page,) = table_rows(client_for(cast.mentor).get(DASHBOARD))

        assert row.weeks_without_shared == 2
        assert row.falling_behind
        assert "Falling behind" in page
        assert "no shared entry for 2 weeks" in page

    def test_one_missing_week_is_not_falling_behind(self, cast):
        write(cast.enrolment, 9)

        (row,) = selectors.dashboard_rows(cast.mentor)

        assert row.weeks_without_shared == 1
        assert not row.falling_behind

    def test_the_current_week_does_not_count_as_missing(self, cast):
        write(cast.enrolment, 10)

        (row,) = selectors.dashboard_rows(cast.mentor)

        assert row.weeks_without_shared == 0

    def test_a_new_candidate_in_their_first_week_is_not_behind(self, cast):
        starting = mentee(cast, "Fresh Start")
        starting.start_date = timezone.localdate()
        starting.save()

        rows = {r.enrolment: r for r in selectors.dashboard_rows(cast.mentor)}

        assert rows[starting].weeks_without_shared == 0
        assert not rows[starting].falling_behind

    @pytest.mark.parametrize("status", [EnrolmentStatus.WITHDRAWN, EnrolmentStatus.SUBMITTED])
    def test_a_candidate_no_longer_writing_is_not_falling_behind(self, cast, client_for, status):
        cast.enrolment.status = status
        cast.enrolment.save()
        write(cast.enrolment, 5)
        active = mentee(cast, "Ann Active")
        write(active, 10)

        rows = selectors.dashboard_rows(cast.mentor)
        page = table_rows(client_for(cast.mentor).get(DASHBOARD))

        assert not any(r.falling_behind for r in rows)
        assert not any("Falling behind" in r for r in page)

    def test_whoever_is_behind_comes_first(self, cast, client_for):
        write(cast.enrolment, 10)  # Cat: up to date
        behind = mentee(cast, "Abe Behind")
        write(behind, 7)  # three weeks without a shared entry
        mentee(cast, "Zed Farbehind")  # nothing shared at all
        waiting = mentee(cast, "Bea Waiting")
        write(waiting, 10)
        comment(write(waiting, 9), waiting.candidate, "Please read this")

        rows = table_rows(client_for(cast.mentor).get(DASHBOARD))

        names = [" ".join(r.split()[:2]) for r in rows]
        assert names == ["Zed Farbehind", "Abe Behind", "Bea Waiting", "Cat Candidate"]
        assert ["Falling behind" in r for r in rows] == [True, True, False, False]


class TestWhatTheMentorSees:
    def test_drafts_are_never_counted_or_shown(self, cast, client_for):
        write(cast.enrolment, 9, title="Secret draft title", share=False)
        write(cast.enrolment, 10, title="Another private draft", share=False)

        (row,) = selectors.dashboard_rows(cast.mentor)
        html = client_for(cast.mentor).get(DASHBOARD).content.decode()

        assert row.unreviewed == 0
        assert row.last_shared is None
        assert row.falling_behind
        assert {c.state for c in row.strip.cells} <= {"missing", "current", "future"}
        assert "Secret draft title" not in html
        assert "Another private draft" not in html
        assert "week-written" not in html

    def test_another_mentors_mentees_are_absent(self, cast, client_for):
        write(cast.enrolment2, 10)

        page = client_for(cast.mentor).get(DASHBOARD).content.decode()

        assert "Cat Candidate" in page
        assert cast.candidate2.full_name not in page
        assert [r.enrolment for r in selectors.dashboard_rows(cast.mentor2)] == [cast.enrolment2]

    def test_someone_who_mentors_nobody_sees_why_the_page_is_empty(self, cast, client_for):
        response = client_for(cast.stranger).get(DASHBOARD)

        assert "You have no mentees yet." in response.content.decode()

    def test_fifteen_mentees_fit_on_one_page(self, cast, client_for):
        names = [f"Mentee Number{i:02d}" for i in range(14)]
        for name in names:
            mentee(cast, name)

        rows = table_rows(client_for(cast.mentor).get(DASHBOARD))

        assert len(rows) == 15
        for name in [*names, "Cat Candidate"]:
            assert any(name in row for row in rows)


class TestQueryCount:
    """On top of the navigation's baseline, the dashboard costs 3 queries
    however many mentees: the mentees (with candidate and cohort), their
    shared entries' weeks and dates, and the threads waiting for an answer."""

    def grow(self, cast, size):
        for i in range(size):
            enrolment = mentee(cast, f"Grown Mentee{i:02d}")
            entry = write(enrolment, 9 if i % 2 else 10)
            comment(entry, enrolment.candidate, parent=comment(entry, cast.mentor))
            write(enrolment, 8, share=False)

    def test_queries_are_the_same_for_2_and_15_mentees(
        self, cast, client_for, django_assert_max_num_queries
    ):
        client = client_for(cast.mentor)
        baseline = queries_for(client, reverse("password_change_done"))
        self.grow(cast, 1)  # with cast.enrolment: 2 mentees
        small = queries_for(client, DASHBOARD)

        self.grow(cast, 13)  # 15 mentees
        with django_assert_max_num_queries(baseline + 3):
            large = queries_for(client, DASHBOARD)

        assert small == large == baseline + 3
