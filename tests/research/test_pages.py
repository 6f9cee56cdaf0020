"""The overview and agreement pages: query counts at two sizes, and candidate
text that tries to be HTML."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from examinations.models import Outcome
from research import services
from research.models import Extract, IndexedLogbook
from tests.examinations.conftest import decide
from tests.factories import UserFactory
from tests.research.conftest import consenting_logbook, extract_of, queries_for, submit
from tests.research.test_access import research_urls


def code_everything(project, *researchers):
    power = project.themes.get(name="Power and fairness")
    trust = project.themes.get(name="Trust and openness")
    for i, extract in enumerate(Extract.objects.order_by("pk")):
        for researcher in researchers:
            themes = [power] if (i + researcher.pk) % 2 else [power, trust]
            services.coding_save(
                project=project, extract=extract, researcher=researcher, themes=themes, memo=""
            )


@pytest.mark.django_db
class TestQueryCounts:
    """Overview: project, coders, themes
    (form), theme counts, phase counts, cohort counts, corpus sizes.
    Agreement: project, coders, both coders'
    codings, themes, one page of shared extracts. Neither grows with the
    number of extracts or codings."""

    @pytest.mark.parametrize("name", ["project_detail", "agreement"])
    def test_the_same_for_few_and_many_extracts(self, corpus, project, client_for, name):
        second = UserFactory(is_researcher=True)
        client = client_for(corpus.researcher)
        url = reverse(f"research:{name}", args=[project.public_id])
        code_everything(project, corpus.researcher, second)
        client.get(url)
        small = queries_for(client, url)

        for i in range(6):
            consenting_logbook(f"Counted Logbook{i}")
        code_everything(project, corpus.researcher, second)
        client.get(url)
        large = queries_for(client, url)

        assert small == large


@pytest.mark.django_db
class TestHostileText:
    BODY = 'Ask <script>alert("x")</script> the <b>council</b> [link](javascript:alert(1)).'

    @pytest.fixture
    def hostile(self, corpus):
        enrolment = consenting_logbook(
            "Eve Hostile",
            weeks=[
                {
                    "week": 4,
                    "title": "<img src=x onerror=alert(1)>",
                    "bodies": [self.BODY, "x", "y"],
                    "tools": ["<svg onload=alert(1)>"],
                }
            ],
        )
        return extract_of(enrolment, 4, "What?")

    def test_search_snippets_are_plain_text(self, hostile, project, client_for):
        page = (
            client_for(project.created_by)
            .get(reverse("research:search", args=[project.public_id]), {"q": "council ask"})
            .content.decode()
        )

        assert "<script>alert" not in page and "<b>council" not in page
        assert "<svg onload" not in page

    def test_the_entry_page_is_sanitized(self, hostile, project, client_for):
        page = (
            client_for(project.created_by)
            .get(reverse("research:extract_detail", args=[project.public_id, hostile.token]))
            .content.decode()
        )

        assert "<script>alert" not in page
        assert "javascript:" not in page
        assert "<img src=x" not in page and "<svg onload" not in page


@pytest.mark.django_db
class TestPagesOnlyRead:
    """The extract index and pseudonyms are written where the corpus changes
    (consent, a new submission), never by opening a research page."""

    def test_no_research_page_writes(self, corpus, project, client_for):
        client = client_for(corpus.researcher)
        consenting_logbook("Newly Consenting")  # the corpus grew since the project began
        urls = research_urls(project, extract_of(corpus.enrolment, 2, "What?"))["get"]
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200, url
            writes = [
                q["sql"]
                for q in context.captured_queries
                if q["sql"].lstrip().split(" ", 1)[0] in ("INSERT", "UPDATE", "DELETE")
                and "django_session" not in q["sql"]
                and "pbas_logbook_auditevent" not in q["sql"]
            ]
            assert not writes, (url, writes)

    def test_a_logbook_new_to_the_corpus_has_a_pseudonym_at_once(self, corpus, project):
        enrolment = consenting_logbook("Late Consenter")

        assert project.pseudonyms.filter(enrolment=enrolment).exists()

    def test_a_new_version_is_indexed_when_submitted(self, corpus):
        first = IndexedLogbook.objects.get(enrolment=corpus.enrolment).submission
        decide(corpus, first, Outcome.RESUBMIT)
        second = submit(
            corpus.enrolment,
            [{"week": 9, "bodies": ["Written after feedback.", "", ""], "phases": []}],
        )

        assert IndexedLogbook.objects.get(enrolment=corpus.enrolment).submission == second
