"""Searching the consented extracts: ranked, highlighted, filtered, masked."""

import re

import pytest
from django.urls import reverse

from entries.vocabulary import BrokerPosition
from research import services
from tests.research.conftest import consenting_logbook, old_cohort, queries_for


def search_url(project):
    return reverse("research:search", args=[project.public_id])


def results(response) -> list[str]:
    """The result headings ("Broker 3 · week 2 · What?") in order."""
    html = response.content.decode()
    return [
        re.sub(r"\s+", " ", m)
        for m in re.findall(r'class="result-link[^"]*"[^>]*>([^<]*)</a>', html)
    ]


@pytest.mark.django_db
class TestSearch:
    def test_the_field_is_labelled_search_extracts(self, corpus, project, client_for):
        page = client_for(corpus.researcher).get(search_url(project)).content.decode()

        assert re.search(r"<label[^>]*for=\"id_q\"[^>]*>\s*Search extracts", page)

    def test_finds_ranked_highlighted_extracts(self, corpus, project, client_for):
        response = client_for(corpus.researcher).get(
            search_url(project), {"q": "conflict partners"}
        )
        page = response.content.decode()

        found = results(response)
        assert len(found) == 1
        assert re.match(r"Broker \d+ · week 2 · So what\?", found[0])
        assert "<mark>Conflict</mark> between <mark>partners</mark>" in page

    def test_word_forms_match(self, corpus, project, client_for):
        response = client_for(corpus.researcher).get(search_url(project), {"q": "walking"})

        assert len(results(response)) == 1  # "walked"

    def test_best_match_first(self, corpus, project, client_for):
        consenting_logbook(
            "Lou Ash",
            weeks=[{"week": 7, "bodies": ["Some trust.", "Trust, trust and more trust.", "x"]}],
        )

        found = results(client_for(corpus.researcher).get(search_url(project), {"q": "trust"}))

        assert [f.split(" · ", 1)[1] for f in found] == ["week 7 · So what?", "week 7 · What?"]

    def test_when_no_extract_has_every_word_any_word_counts(self, corpus, project, client_for):
        response = client_for(corpus.researcher).get(
            search_url(project), {"q": "difficult council"}
        )

        assert "No extract contains all of these words" in response.content.decode()
        assert len(results(response)) == 2  # "council" in week 2 (What? and Now what?)

    def test_a_link_to_the_whole_anonymised_entry(self, corpus, project, client_for):
        response = client_for(corpus.researcher).get(search_url(project), {"q": "review tool"})
        link = re.search(
            r'href="(/enquiry/projects/[^"]+/extracts/[^"]+/)#extract"', response.content.decode()
        )

        page = client_for(corpus.researcher).get(link.group(1)).content.decode()

        assert "Quiet partners spoke more when they wrote first." in page  # a sibling section


@pytest.mark.django_db
class TestMaskedResults:
    def test_names_never_appear_in_results(self, corpus, project, client_for):
        enrolment = consenting_logbook(
            "Bea Quist",
            "bea@example.test",
            weeks=[
                {
                    "week": 1,
                    "bodies": ["Bea Quist and bea@example.test met the River Alliance.", "x", "y"],
                }
            ],
            partnership="River Alliance",
        )
        page = client_for(corpus.researcher).get(search_url(project), {"q": "met"}).content.decode()

        assert "[name] and [email] <mark>met</mark> the [partnership]" in page
        for secret in ("Bea", "Quist", "bea@example.test", "River Alliance"):
            assert secret not in page
        assert enrolment.candidate.full_name not in page

    def test_searching_for_a_masked_name_finds_nothing(self, corpus, project, client_for):
        client = client_for(corpus.researcher)

        for q in ("Cat Candidate", "candidate@example.test", "River Alliance", "Tidewater"):
            response = client.get(search_url(project), {"q": q})
            assert results(response) == [], q

    def test_new_words_to_mask_apply_to_snippets_at_once(self, corpus, project, client_for):
        services.mask_words_set(enrolment=corpus.enrolment, words=["budget"], by=corpus.candidate)

        page = (
            client_for(corpus.researcher).get(search_url(project), {"q": "walked"}).content.decode()
        )

        assert "budget" not in page.lower()


@pytest.mark.django_db
class TestFilters:
    @pytest.fixture
    def two(self, corpus):
        consenting_logbook(
            "Ola Berg",
            cohort=old_cohort(2019),
            partnership="Harbour Trust",
            position=BrokerPosition.INTERNAL,
            weeks=[
                {
                    "week": 3,
                    "bodies": ["Conflict over the harbour.", "Lessons about money.", ""],
                    "phases": ["managing"],
                    "tools": ["SWOT analysis"],
                }
            ],
        )
        return corpus

    @pytest.mark.parametrize(
        ("params", "count"),
        [
            ({"q": "conflict"}, 2),
            ({"q": "conflict", "cohort": "2019"}, 1),
            ({"phase": "managing"}, 2),
            ({"phase": "scoping"}, 3),
            ({"tool": "SWOT analysis"}, 2),
            ({"position": "internal"}, 2),
            ({"position": "external"}, 5),
            ({"heading": "so what"}, 3),
            ({"heading": "now", "phase": "scoping"}, 1),
        ],
    )
    def test_each_filter(self, two, project, client_for, params, count):
        response = client_for(two.researcher).get(search_url(project), params)

        assert len(results(response)) == count

    def test_a_forged_phase_is_refused_in_plain_words(self, two, project, client_for):
        page = (
            client_for(two.researcher)
            .get(search_url(project), {"phase": "nonsense"})
            .content.decode()
        )

        assert "that one is not a partnering-cycle phase" in page

    def test_the_cohort_list_offers_the_years_in_the_corpus(self, two, project, client_for):
        page = client_for(two.researcher).get(search_url(project)).content.decode()

        assert '<option value="2019">2019</option>' in page


@pytest.mark.django_db
class TestQueryCount:
    """The search page costs the same number of queries however large the
    corpus: project, the filter lists (3),
    the count, one page of extracts, masking facts (3), the reader's
    codings and their themes, on top of the session and navigation."""

    def test_same_for_2_and_12_logbooks(self, corpus, project, client_for):
        client = client_for(corpus.researcher)
        url = search_url(project)
        params = {"q": "partners", "phase": "scoping"}
        consenting_logbook("Small One")
        small = queries_for(client, url, data=params)

        for i in range(10):
            consenting_logbook(f"Grown Logbook{i:02d}")
        client.get(url, params)
        large = queries_for(client, url, data=params)

        assert small == large
