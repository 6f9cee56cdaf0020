"""Two researchers code the same project: per-extract agreement and kappa."""

import pytest
from django.urls import reverse

from research import services
from tests.factories import UserFactory
from tests.research.conftest import extract_of


@pytest.mark.django_db
class TestAgreement:
    @pytest.fixture
    def second(self):
        return UserFactory(full_name="Second Coder", is_researcher=True)

    def code(self, project, extract, researcher, *names):
        themes = [project.themes.get(name=n) for n in names]
        services.coding_save(
            project=project, extract=extract, researcher=researcher, themes=themes, memo=""
        )

    def test_kappa_and_per_extract_agreement(self, corpus, project, second, client_for):
        power, conflict = "Power and fairness", "Conflict and difficult partners"
        a, b = corpus.researcher, second
        extracts = [
            extract_of(corpus.enrolment, 2, "What?"),
            extract_of(corpus.enrolment, 2, "So what?"),
            extract_of(corpus.enrolment, 2, "Now what?"),
            extract_of(corpus.enrolment, 5, "What?"),
        ]
        # Power: A yes on 1, 2; B yes on 1, 3 → p_o = 1/3, p_a = p_b = 2/3,
        # p_e = 4/9 + 1/9 = 5/9, kappa = (3/9 - 5/9) / (4/9) = -0.5.
        # Conflict: A yes on 1 only, B yes on 1 only → kappa 1.
        self.code(project, extracts[0], a, power, conflict)
        self.code(project, extracts[0], b, power, conflict)
        self.code(project, extracts[1], a, power)
        self.code(project, extracts[1], b)
        services.coding_save(
            project=project, extract=extracts[1], researcher=b, themes=[], memo="unsure"
        )
        self.code(project, extracts[2], a)
        services.coding_save(
            project=project, extract=extracts[2], researcher=a, themes=[], memo="none"
        )
        self.code(project, extracts[2], b, power)
        self.code(project, extracts[3], a, power)  # B never coded it: not compared

        response = client_for(a).get(
            reverse("research:agreement", args=[project.public_id]), {"a": a.pk, "b": b.pk}
        )

        rows = {row.theme.name: row for row in response.context["by_theme"]}
        assert rows[power].items == 3
        assert rows[power].kappa == pytest.approx(-0.5)
        assert rows[conflict].kappa == pytest.approx(1.0)
        assert response.context["shared_count"] == 3
        assert (
            response.context["agree_count"],
            response.context["partly_count"],
            response.context["disagree_count"],
        ) == (1, 0, 2)
        page = response.content.decode()
        assert "Second Coder" in page and "1.00" in page and "-0.50" in page

    def test_asks_for_two_coders_when_there_is_one(self, corpus, project, client_for):
        self.code(
            project,
            extract_of(corpus.enrolment, 2, "What?"),
            corpus.researcher,
            "Power and fairness",
        )

        page = client_for(corpus.researcher).get(
            reverse("research:agreement", args=[project.public_id])
        )

        assert "Agreement needs two researchers" in page.content.decode()
