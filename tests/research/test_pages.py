"""The overview and agreement pages: query counts at two sizes, and candidate
text that tries to be HTML."""

import pytest
from django.urls import reverse

from research import services
from research.models import Extract
from tests.factories import UserFactory
from tests.research.conftest import consenting_logbook, extract_of, queries_for


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
    """Overview: project, index check, pseudonym check, coders, themes
    (form), theme counts, phase counts, cohort counts, corpus sizes.
    Agreement: project, index check, pseudonym check, coders, both coders'
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
