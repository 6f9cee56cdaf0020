"""Look back and search: the search page and one heading read across weeks."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from entries.models import Entry, Partnership
from entries.services import EntryText, entry_save, headings_apply_preset
from entries.vocabulary import Phase

SEARCH = reverse("entries:search")
ACROSS = reverse("entries:heading_across")
# The "short" preset: Issues, Thoughts, Working well!, Unexpected outcomes, Lessons.
HEADINGS = ["Issues", "Thoughts", "Working well!", "Unexpected outcomes", "Lessons"]


def write(enrolment, week, *, title="", aims="", share=False, **by_heading):
    """An entry under the short headings; keyword arguments fill sections
    by heading (issues=..., lessons=..., working_well=...)."""
    keys = ["issues", "thoughts", "working_well", "unexpected", "lessons"]
    bodies = [by_heading.pop(k, "") for k in keys]
    tags = {k: by_heading.pop(k, []) for k in ("partnerships", "phases", "tools")}
    assert not by_heading, f"unknown headings {by_heading}"
    return entry_save(
        enrolment=enrolment,
        text=EntryText(week=week, title=title, aims=aims, bodies=bodies, **tags),
        share=share,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The cast's passwords are hashed per test; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def logbook(cast):
    headings_apply_preset(enrolment=cast.enrolment, key="short")
    headings_apply_preset(enrolment=cast.enrolment2, key="short")
    return cast


def result_titles(response, link_class="result-link") -> list[str]:
    """The entry titles of the section results (or, with
    ``link_class="entry-hit-link"``, of the title and aims hits), in page order."""

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.titles, self._in = [], False

        def handle_starttag(self, tag, attrs):
            self._in = tag == "a" and link_class in (dict(attrs).get("class") or "").split()

        def handle_data(self, data):
            if self._in:
                self.titles.append(data.split(" — ", 1)[-1].strip())
                self._in = False

    parser = Links()
    parser.feed(response.content.decode())
    return parser.titles


class ScriptAndUrlAudit(HTMLParser):
    """Collects inline scripts, event handlers and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.problems.append("inline <script>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}")
            if value and value.strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"{name}={value}")


# --- Search ---------------------------------------------------------------------


@pytest.mark.django_db
class TestSearch:
    def test_the_page_has_the_search_field(self, logbook, client_for):
        response = client_for(logbook.candidate).get(SEARCH)

        assert response.status_code == 200
        assert 'id="id_q"' in response.content.decode()
        assert "Search my logbook" in response.content.decode()

    def test_finds_a_word_from_a_section_and_highlights_it(self, logbook, client_for):
        entry = write(
            logbook.enrolment,
            2,
            title="First steering group",
            issues="The donors wanted to control the agenda of the steering group.",
        )
        write(logbook.enrolment, 3, title="Quiet week", issues="Mostly desk work.")

        response = client_for(logbook.candidate).get(SEARCH, {"q": "donors"})

        html = response.content.decode()
        assert response.status_code == 200
        assert result_titles(response) == ["First steering group"]
        assert "<mark>donors</mark>" in html
        assert reverse("entries:entry_detail", args=[entry.public_id]) in html
        assert "Week 2 · " in html
        assert "Issues" in html

    def test_stemming_finds_other_forms_of_a_word(self, logbook, client_for):
        write(logbook.enrolment, 2, title="Talks", lessons="We negotiated the ground rules.")

        response = client_for(logbook.candidate).get(SEARCH, {"q": "negotiating"})

        assert result_titles(response) == ["Talks"]

    def test_the_better_match_ranks_first(self, logbook, client_for):
        write(
            logbook.enrolment,
            5,
            title="Passing mention",
            thoughts="A long week of travel, reports and calls; trust came up once. "
            + "Other business filled the days. " * 20,
        )
        write(
            logbook.enrolment,
            2,
            title="All about trust",
            thoughts="Trust is low. Building trust takes time; trust between partners grew.",
        )

        response = client_for(logbook.candidate).get(SEARCH, {"q": "trust"})

        assert result_titles(response) == ["All about trust", "Passing mention"]

    def test_shows_status_badges(self, logbook, client_for):
        write(logbook.enrolment, 2, title="Kept private", issues="funding gap")
        write(logbook.enrolment, 3, title="Shared one", issues="funding gap", share=True)

        html = client_for(logbook.candidate).get(SEARCH, {"q": "funding"}).content.decode()

        assert ">Draft</span>" in html
        assert ">Shared</span>" in html

    def test_title_and_aims_matches_are_shown(self, logbook, client_for):
        write(
            logbook.enrolment,
            4,
            title="Mapping the partners",
            aims="Finish the stakeholder mapping before Friday.",
            issues="Nothing much.",
        )

        response = client_for(logbook.candidate).get(SEARCH, {"q": "stakeholder"})

        html = response.content.decode()
        assert "In titles, aims and tools" in html
        assert "<mark>stakeholder</mark>" in html
        # No tools tagged: no empty "Tools:" in the snippet.
        assert "Tools:" not in html
        assert result_titles(response, "entry-hit-link") == ["Mapping the partners"]
        assert result_titles(response) == []
        # No "0 sections and ...": only what was found is counted.
        assert "0 sections" not in html
        assert "1 entry by title, aims or tools" in html

    def test_an_entry_found_by_its_title_or_a_tool_shows_the_word_marked(self, logbook, client_for):
        write(
            logbook.enrolment,
            5,
            title="A quiet week",
            aims="Rest.",
            tools=["Partnership review tool"],
            issues="Nothing much.",
        )
        client = client_for(logbook.candidate)

        by_tool = client.get(SEARCH, {"q": "review"}).content.decode()
        by_title = client.get(SEARCH, {"q": "quiet"}).content.decode()

        assert "Tools: Partnership <mark>review</mark> tool" in by_tool
        assert "<mark>quiet</mark> week — Rest. — Tools: Partnership review tool" in by_title
        # Nothing found in sections: no empty "In sections" list.
        assert "In sections" not in by_title

    def test_another_candidates_entries_never_appear(self, logbook, client_for):
        write(logbook.enrolment2, 2, title="Theirs", issues="The ministry stalled again.")
        write(logbook.enrolment, 2, title="Mine", issues="The ministry signed.")

        response = client_for(logbook.candidate).get(SEARCH, {"q": "ministry"})

        assert result_titles(response) == ["Mine"]
        assert "stalled" not in response.content.decode()

    def test_entries_in_the_bin_are_not_searched(self, logbook, client_for):
        binned = write(logbook.enrolment, 2, title="Binned", issues="The ministry stalled.")
        Entry.all_objects.filter(pk=binned.pk).update(deleted_at=timezone.now())
        client = client_for(logbook.candidate)

        assert result_titles(client.get(SEARCH, {"q": "ministry"})) == []
        assert "stalled" not in client.get(ACROSS, {"heading": "Issues"}).content.decode()

    def test_no_match_says_so(self, logbook, client_for):
        write(logbook.enrolment, 2, issues="Budget talks.")

        response = client_for(logbook.candidate).get(SEARCH, {"q": "volcano"})

        assert response.status_code == 200
        assert "Nothing in your logbook matches" in response.content.decode()

    def test_results_are_paginated(self, logbook, client_for):
        for week in range(1, 26):
            write(logbook.enrolment, week, title=f"Week {week} entry", lessons="partnering lesson")
        client = client_for(logbook.candidate)

        first = client.get(SEARCH, {"q": "lesson"})
        second = client.get(SEARCH, {"q": "lesson", "page": 2})

        assert len(result_titles(first)) == 20
        assert len(result_titles(second)) == 5
        assert set(result_titles(first)).isdisjoint(result_titles(second))
        assert "page 1 of 2" in first.content.decode()


@pytest.mark.django_db
class TestSearchFilters:
    @pytest.fixture
    def two_entries(self, logbook):
        p1 = Partnership.objects.create(
            enrolment=logbook.enrolment, name="River basin", position="external"
        )
        p2 = Partnership.objects.create(
            enrolment=logbook.enrolment, name="School meals", position="internal"
        )
        alpha = write(
            logbook.enrolment,
            2,
            title="Alpha",
            issues="Trust was thin.",
            lessons="Trust needs time.",
            partnerships=[p1],
            phases=[Phase.SCOPING],
            tools=["SWOT analysis"],
        )
        beta = write(
            logbook.enrolment,
            5,
            title="Beta",
            issues="Trust grew.",
            lessons="Trust follows honesty.",
            partnerships=[p2],
            phases=[Phase.MANAGING],
            tools=["Ground rules", "site visit"],
        )
        Entry.objects.filter(pk=alpha.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=30)
        )
        return {"p1": p1, "p2": p2, "alpha": alpha, "beta": beta}

    def search(self, client_for, cast, **params):
        response = client_for(cast.candidate).get(SEARCH, params)
        assert response.status_code == 200
        return sorted(result_titles(response))

    def test_words_alone_find_both(self, logbook, two_entries, client_for):
        assert self.search(client_for, logbook, q="trust") == ["Alpha", "Alpha", "Beta", "Beta"]

    def test_by_heading(self, logbook, two_entries, client_for):
        assert self.search(client_for, logbook, q="trust", heading="Lessons") == ["Alpha", "Beta"]

    def test_by_phase(self, logbook, two_entries, client_for):
        assert self.search(client_for, logbook, q="trust", phase="scoping") == ["Alpha", "Alpha"]

    def test_by_tool_including_own_tags(self, logbook, two_entries, client_for):
        assert self.search(client_for, logbook, q="trust", tool="SWOT analysis") == [
            "Alpha",
            "Alpha",
        ]
        assert self.search(client_for, logbook, tool="site visit") == ["Beta", "Beta"]

    def test_by_partnership(self, logbook, two_entries, client_for):
        assert self.search(client_for, logbook, q="trust", partnership=two_entries["p2"].pk) == [
            "Beta",
            "Beta",
        ]

    def test_by_date_range(self, logbook, two_entries, client_for):
        recent = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()

        assert self.search(client_for, logbook, q="trust", date_from=recent) == ["Beta", "Beta"]
        assert self.search(client_for, logbook, q="trust", date_to=recent) == ["Alpha", "Alpha"]

    def test_filters_without_words_list_sections_newest_first(
        self, logbook, two_entries, client_for
    ):
        response = client_for(logbook.candidate).get(SEARCH, {"heading": "Issues"})

        assert result_titles(response) == ["Beta", "Alpha"]
        # Without words, the section text is shown as it is (escaped).
        assert "Trust grew." in response.content.decode()

    def test_heading_and_tag_lists_offer_what_the_logbook_uses(
        self, logbook, two_entries, client_for
    ):
        html = client_for(logbook.candidate).get(SEARCH).content.decode()

        assert '<option value="Lessons">Lessons</option>' in html
        assert '<option value="site visit">site visit</option>' in html
        assert "River basin" in html

    def test_another_candidates_partnership_is_a_clear_error(
        self, logbook, two_entries, client_for
    ):
        theirs = Partnership.objects.create(
            enrolment=logbook.enrolment2, name="Their secret project", position="external"
        )

        response = client_for(logbook.candidate).get(
            SEARCH, {"q": "trust", "partnership": theirs.pk}
        )

        html = response.content.decode()
        assert response.status_code == 200
        assert "Choose one of your own partnerships" in html
        assert result_titles(response) == []
        assert "Their secret project" not in html

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"date_from": "2025-10-20", "date_to": "2025-10-01"}, "end date is before"),
            ({"date_from": "not a date"}, "Enter a start date"),
            ({"date_to": "2025-02-30"}, "Enter an end date"),
            ({"phase": "<script>"}, "Choose a phase from the list"),
            ({"partnership": "abc"}, "Choose one of your own partnerships"),
            ({"partnership": "99999999"}, "Choose one of your own partnerships"),
        ],
    )
    def test_bad_input_is_a_form_error_not_a_crash(
        self, logbook, two_entries, client_for, params, message
    ):
        response = client_for(logbook.candidate).get(SEARCH, {"q": "trust", **params})

        assert response.status_code == 200
        assert message in response.content.decode()
        assert result_titles(response) == []

    @pytest.mark.parametrize(
        "q", ["", "   ", "the", '"unclosed', "a & b | !c", "x" * 200, "trust:*", "'); drop"]
    )
    def test_odd_queries_never_crash(self, logbook, two_entries, client_for, q):
        assert client_for(logbook.candidate).get(SEARCH, {"q": q}).status_code == 200

    def test_an_overlong_query_is_a_form_error(self, logbook, client_for):
        response = client_for(logbook.candidate).get(SEARCH, {"q": "x" * 201})

        assert response.status_code == 200
        assert "Please correct the search" in response.content.decode()


# --- One heading across weeks -----------------------------------------------------


@pytest.mark.django_db
class TestHeadingAcross:
    def test_every_section_under_the_heading_oldest_week_first(self, logbook, client_for):
        write(logbook.enrolment, 6, title="Later", lessons="Lesson from week six.")
        write(logbook.enrolment, 1, title="Earliest", lessons="Lesson from week one.")
        write(logbook.enrolment, 3, title="Empty lessons", issues="Only issues this week.")
        write(logbook.enrolment2, 2, title="Not mine", lessons="Someone else's lesson.")

        response = client_for(logbook.candidate).get(ACROSS, {"heading": "Lessons"})

        html = response.content.decode()
        assert response.status_code == 200
        assert html.index("Lesson from week one.") < html.index("Lesson from week six.")
        assert "Week 1 · " in html and "Week 6 · " in html
        assert "Empty lessons" not in html
        assert "Someone else" not in html
        assert "2 sections" in html

    def test_the_heading_is_matched_regardless_of_case(self, logbook, client_for):
        write(logbook.enrolment, 1, lessons="Lowercase lookup works.")

        response = client_for(logbook.candidate).get(ACROSS, {"heading": "lessons"})

        html = response.content.decode()
        assert "Lowercase lookup works." in html
        # Shown as the candidate wrote it.
        assert '<h1 class="mb-1">Lessons</h1>' in html
        assert '<option value="Lessons" selected>' in html

    def test_offers_a_select_to_switch_heading(self, logbook, client_for):
        write(logbook.enrolment, 1, lessons="x", issues="y")

        html = client_for(logbook.candidate).get(ACROSS, {"heading": "Lessons"}).content.decode()

        assert '<select class="form-select" name="heading" id="id_heading">' in html
        assert '<option value="Lessons" selected>Lessons</option>' in html
        assert '<option value="Issues">Issues</option>' in html

    def test_without_a_heading_shows_the_first_one(self, logbook, client_for):
        write(logbook.enrolment, 1, issues="Issue text here.")

        response = client_for(logbook.candidate).get(ACROSS)

        assert response.status_code == 200
        assert "Issue text here." in response.content.decode()

    def test_an_unknown_heading_says_so(self, logbook, client_for):
        write(logbook.enrolment, 1, issues="Issue text here.")

        response = client_for(logbook.candidate).get(ACROSS, {"heading": "<b>Nope</b>" * 50})

        assert response.status_code == 200
        assert "None of your entries has a heading called" in response.content.decode()
        assert "<b>Nope</b>" not in response.content.decode()

    def test_a_new_candidate_sees_an_empty_state(self, logbook, client_for):
        response = client_for(logbook.candidate).get(ACROSS)

        assert response.status_code == 200
        assert "You have not written any entries yet" in response.content.decode()


# --- Hostile text -------------------------------------------------------------------

HOSTILE = (
    "<script>alert(1)</script> [x](javascript:alert(1)) "
    '<img src=x onerror="alert(1)"> [y](data:text/html;base64,PHNjcmlwdD4=) hostile'
)


@pytest.mark.django_db
class TestHostileText:
    @pytest.fixture
    def hostile(self, logbook):
        return write(
            logbook.enrolment,
            1,
            title="<script>alert('title')</script>",
            aims=HOSTILE,
            issues=HOSTILE,
            lessons=HOSTILE,
        )

    @pytest.mark.parametrize(
        ("url", "params"),
        [
            (SEARCH, {"q": "hostile"}),
            (SEARCH, {"q": "alert"}),
            (SEARCH, {"heading": "Issues"}),
            (ACROSS, {"heading": "Lessons"}),
            (ACROSS, {"heading": "<script>alert(2)</script>"}),
        ],
    )
    def test_no_script_or_javascript_url_reaches_the_page(
        self, hostile, logbook, client_for, url, params
    ):
        response = client_for(logbook.candidate).get(url, params)

        html = response.content.decode()
        audit = ScriptAndUrlAudit()
        audit.feed(html)
        assert response.status_code == 200
        assert audit.problems == []
        assert "<script>alert" not in html
        assert "<img" not in html

    def test_the_hostile_section_is_still_found_and_shown_as_text(
        self, hostile, logbook, client_for
    ):
        html = client_for(logbook.candidate).get(SEARCH, {"q": "hostile"}).content.decode()

        assert "&lt;img src=x" in html
        assert "<mark>hostile</mark>" in html


# --- Access -------------------------------------------------------------------------


@pytest.mark.django_db
class TestAccess:
    @pytest.mark.parametrize("url", [SEARCH, ACROSS])
    def test_anonymous_is_sent_to_sign_in(self, client, url):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")

    @pytest.mark.parametrize("url", [SEARCH, ACROSS])
    @pytest.mark.parametrize("person", ["mentor", "mentor2", "examiner", "coordinator", "stranger"])
    def test_people_without_a_logbook_get_404(self, logbook, client_for, url, person):
        write(logbook.enrolment, 1, lessons="Private lesson.")

        response = client_for(getattr(logbook, person)).get(url, {"q": "lesson"})

        assert response.status_code == 404
        assert "Private lesson" not in response.content.decode()

    @pytest.mark.parametrize("url", [SEARCH, ACROSS])
    def test_post_is_not_allowed(self, logbook, client_for, url):
        assert client_for(logbook.candidate).post(url).status_code == 405


# --- Query counts -----------------------------------------------------------------


@pytest.mark.django_db
class TestQueryCounts:
    """The same number of queries at 3 and at 30 entries.

    Every signed-in page costs 8: 1 session, 2 user; for the navigation
    (base.html's context) 3 "is a candidate", 4 "is a mentor", 5 unread
    notifications; and the session saved on every request (idle timeout):
    6 SAVEPOINT, 7 UPDATE, 8 RELEASE SAVEPOINT.
    """

    PAGE = 8

    def fill(self, cast, weeks):
        partnership, _ = Partnership.objects.get_or_create(
            enrolment=cast.enrolment, name="Coastal towns", defaults={"position": "external"}
        )
        for week in weeks:
            write(
                cast.enrolment,
                week,
                title=f"Entry {week}",
                aims="Meet the partners about trust.",
                issues="Trust and time.",
                lessons="Trust again.",
                partnerships=[partnership],
                phases=[Phase.SCOPING],
                tools=["Ground rules", f"own tag {week}"],
                share=week % 2 == 0,
            )
        return partnership

    def count_at_3_and_30(self, cast, client_for, assert_max, limit, url, params):
        client = client_for(cast.candidate)
        counts, responses = [], []
        for weeks in (range(1, 4), range(4, 31)):
            self.fill(cast, weeks)
            with assert_max(limit) as queries:
                responses.append(client.get(url, params))
            counts.append(len(queries))
            assert responses[-1].status_code == 200
        assert counts[0] == counts[1]
        return responses

    # Search with words and every filter: the page's 8, then
    #  9 enrolment (with cohort, mentor), 10 heading titles,
    #  11 partnership choices, 12 tags in use, 13 result count,
    #  14 title/aims hits, 15 one page of sections (with entry, enrolment).
    def test_search_is_constant(self, logbook, client_for, django_assert_max_num_queries):
        partnership = self.fill(logbook, [])
        params = {
            "q": "trust",
            "phase": "scoping",
            "tool": "Ground rules",
            "partnership": partnership.pk,
            "date_from": "2000-01-01",
        }

        small, large = self.count_at_3_and_30(
            logbook, client_for, django_assert_max_num_queries, self.PAGE + 7, SEARCH, params
        )

        assert len(result_titles(small)) == 6
        assert len(result_titles(large)) == 20

    # Heading across weeks: the page's 8, then 9 enrolment, 10 heading
    #  titles, 11 the sections (with entry, enrolment).
    def test_heading_across_is_constant(self, logbook, client_for, django_assert_max_num_queries):
        small, large = self.count_at_3_and_30(
            logbook,
            client_for,
            django_assert_max_num_queries,
            self.PAGE + 3,
            ACROSS,
            {"heading": "Lessons"},
        )

        assert small.content.decode().count("Trust again.") == 3
        assert large.content.decode().count("Trust again.") == 30
