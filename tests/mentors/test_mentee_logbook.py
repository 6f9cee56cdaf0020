"""Reading a mentee's logbook: shared entries only, filters, one heading across weeks."""

import re

import pytest
from django.urls import reverse

from entries.models import Partnership
from entries.vocabulary import BrokerPosition, Phase
from tests.mentors.conftest import comment, queries_for, text, write

pytestmark = pytest.mark.django_db


def logbook_url(enrolment, **query):
    url = reverse("mentors:mentee_logbook", args=[enrolment.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def heading_url(enrolment, heading=""):
    return reverse("mentors:mentee_heading", args=[enrolment.pk]) + f"?heading={heading}"


def weeks_listed(response) -> list[int]:
    """Weeks in the order the page lists them (entry cards or matching sections)."""
    return [int(w) for w in re.findall(r">Week (\d+)[:· <]", response.content.decode())]


@pytest.fixture
def logbook(cast):
    """Weeks 3 and 5 shared (tagged differently), week 4 a draft."""
    river = Partnership.objects.create(
        enrolment=cast.enrolment, name="River basin", position=BrokerPosition.EXTERNAL
    )
    school = Partnership.objects.create(
        enrolment=cast.enrolment, name="School meals", position=BrokerPosition.INTERNAL
    )
    week3 = write(
        cast.enrolment,
        3,
        title="First meeting",
        bodies=["The cooperative joined late.", "Thinking about power.", "", "", ""],
        partnerships=[river],
        phases=[Phase.SCOPING],
        tools=["SWOT analysis"],
    )
    write(
        cast.enrolment,
        4,
        title="Private draft",
        bodies=["Draft cooperative worries.", "Draft thoughts.", "", "", ""],
        share=False,
        partnerships=[river, school],
        phases=[Phase.SCOPING, Phase.MANAGING],
        tools=["SWOT analysis", "ground rules"],
    )
    week5 = write(
        cast.enrolment,
        5,
        title="Ground rules agreed",
        bodies=["The donor pushed back.", "Thinking about trust.", "", "", ""],
        partnerships=[school],
        phases=[Phase.MANAGING],
        tools=["ground rules"],
    )
    return {"river": river, "school": school, 3: week3, 5: week5}


class TestMenteeLogbook:
    def test_shared_entries_only_newest_first(self, cast, client_for, logbook):
        response = client_for(cast.mentor).get(logbook_url(cast.enrolment))

        assert weeks_listed(response) == [5, 3]
        assert "Private draft" not in response.content.decode()
        assert "Ground rules agreed" in text(response)

    def test_open_threads_and_review_state_are_shown(self, cast, client_for, logbook):
        comment(logbook[3], cast.mentor)

        page = text(client_for(cast.mentor).get(logbook_url(cast.enrolment)))

        assert "1 open thread" in page
        assert "To review" in page

    @pytest.mark.parametrize(
        ("query", "weeks"),
        [
            ({"q": "cooperative"}, [3]),
            ({"q": "trust"}, [5]),
            ({"heading": "Thoughts"}, [5, 3]),
            ({"phase": "managing"}, [5]),
            ({"tool": "SWOT analysis"}, [3]),
        ],
    )
    def test_filters_narrow_to_shared_sections(self, cast, client_for, logbook, query, weeks):
        response = client_for(cast.mentor).get(logbook_url(cast.enrolment, **query))

        assert sorted(set(weeks_listed(response)), reverse=True) == weeks
        assert "Draft" not in text(response)

    def test_the_partnership_filter_narrows(self, cast, client_for, logbook):
        client = client_for(cast.mentor)

        river = client.get(logbook_url(cast.enrolment, partnership=logbook["river"].pk))
        school = client.get(logbook_url(cast.enrolment, partnership=logbook["school"].pk))

        assert set(weeks_listed(river)) == {3}
        assert set(weeks_listed(school)) == {5}

    def test_a_search_matching_only_a_draft_finds_nothing(self, cast, client_for, logbook):
        response = client_for(cast.mentor).get(logbook_url(cast.enrolment, q="worries"))

        assert weeks_listed(response) == []
        assert "No shared entries match these filters." in text(response)

    def test_a_mentee_with_nothing_shared_says_so(self, cast, client_for):
        write(cast.enrolment, 3, share=False)

        page = text(client_for(cast.mentor).get(logbook_url(cast.enrolment)))

        assert "Cat Candidate has not shared an entry yet." in page


class TestMenteeHeading:
    def test_one_heading_reads_across_the_weeks_in_order(self, cast, client_for, logbook):
        response = client_for(cast.mentor).get(heading_url(cast.enrolment, "Thoughts"))

        page = text(response)
        assert page.index("Thinking about power.") < page.index("Thinking about trust.")
        assert "Draft thoughts." not in page
        assert "The cooperative joined late." not in page

    def test_the_heading_is_matched_whatever_its_case(self, cast, client_for, logbook):
        page = text(client_for(cast.mentor).get(heading_url(cast.enrolment, "thoughts")))

        assert "Thinking about power." in page

    def test_without_a_heading_the_page_asks_for_one(self, cast, client_for, logbook):
        page = text(client_for(cast.mentor).get(heading_url(cast.enrolment)))

        assert "Read one heading across all weeks" in page
        assert "Choose a heading to read what Cat Candidate wrote under it" in page
        assert "“”" not in page

    def test_a_heading_nobody_wrote_under_says_so(self, cast, client_for, logbook):
        page = text(client_for(cast.mentor).get(heading_url(cast.enrolment, "Lessons")))

        assert "Nothing shared under this heading yet." in page


class TestWhoMayRead:
    @pytest.mark.parametrize("name", ["mentors:mentee_logbook", "mentors:mentee_heading"])
    @pytest.mark.parametrize(
        "person", ["mentor2", "candidate", "candidate2", "examiner", "coordinator", "stranger"]
    )
    def test_anyone_but_the_mentor_gets_404(self, cast, client_for, logbook, name, person):
        response = client_for(getattr(cast, person)).get(reverse(name, args=[cast.enrolment.pk]))

        assert response.status_code == 404

    def test_a_missing_enrolment_is_the_same_404(self, cast, client_for):
        response = client_for(cast.mentor).get(reverse("mentors:mentee_logbook", args=[999_999]))

        assert response.status_code == 404


class TestQueryCount:
    """On top of the navigation's baseline, each page starts with the
    enrolment and the audit trail's check that this read is already recorded
    (the first read in half an hour also writes it: each page is opened once
    before counting). Then:
    - the list: 5, its partnerships (filter choices), the shared entries,
      their partnerships, the open-thread counts and the heading titles = 7;
    - a text search: 3, the partnerships, the matching sections with their
      entries, the heading titles = 5;
    - one heading across weeks: 2, the sections with their entries and the
      heading titles = 4."""

    def grow(self, cast, size):
        partnership = Partnership.objects.create(
            enrolment=cast.enrolment, name=f"P{size}", position=BrokerPosition.EXTERNAL
        )
        for i in range(size):
            entry = write(
                cast.enrolment,
                i % 10 + 1,
                title=f"Entry {i}",
                bodies=[f"Partners met {i}.", "Thinking again.", "", "", ""],
                partnerships=[partnership],
                tools=["ground rules"],
            )
            comment(entry, cast.mentor)

    @pytest.mark.parametrize(
        ("url", "own_queries"),
        [
            ("mentors:mentee_logbook", 7),
            ("mentors:mentee_logbook?q=partners", 5),
            ("mentors:mentee_heading?heading=Thoughts", 4),
        ],
    )
    def test_queries_are_the_same_for_3_and_30_entries(
        self, cast, client_for, django_assert_max_num_queries, url, own_queries
    ):
        name, _, query = url.partition("?")
        url = reverse(name, args=[cast.enrolment.pk]) + (f"?{query}" if query else "")
        client = client_for(cast.mentor)
        baseline = queries_for(client, reverse("password_change_done"))
        self.grow(cast, 3)
        queries_for(client, url)  # records the read in the audit trail
        small = queries_for(client, url)

        self.grow(cast, 27)
        with django_assert_max_num_queries(baseline + own_queries):
            large = queries_for(client, url)

        assert small == large == baseline + own_queries
