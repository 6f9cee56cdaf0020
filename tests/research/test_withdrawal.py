"""Withdrawn consent: the logbook leaves search, coding pages, charts and
exports at that moment (its codings are kept out of sight, not shown)."""

import pytest
from django.test import Client
from django.urls import reverse

from research import services
from research.models import Coding
from tests.research.conftest import consent, consenting_logbook, extract_of

WORDS = "council walked"  # only in the cast candidate's logbook


@pytest.fixture
def coded(corpus, project):
    """The cast candidate's and another candidate's extracts, coded "Power and fairness"."""
    other = consenting_logbook(
        "Ivo Dane", weeks=[{"week": 9, "bodies": ["Harbour talks stalled.", "Power shifts.", ""]}]
    )
    power = project.themes.get(name="Power and fairness")
    for extract in (extract_of(corpus.enrolment, 2, "What?"), extract_of(other, 9, "What?")):
        services.coding_save(
            project=project,
            extract=extract,
            researcher=corpus.researcher,
            themes=[power],
            memo="A memo",
        )
    return corpus


def withdraw(cast, client_for=None):
    """The candidate withdraws on their consent page (in their own browser)."""
    candidate = Client()
    candidate.force_login(cast.candidate, backend="accounts.backends.EmailBackend")
    url = reverse("research:consent_update", args=[cast.enrolment.pk])
    assert candidate.post(url, {"given": "no"}).status_code == 302


@pytest.mark.django_db
class TestWithdrawal:
    def test_gone_from_search(self, coded, project, client_for):
        url = reverse("research:search", args=[project.public_id])
        assert (
            "<mark>council</mark>"
            in client_for(coded.researcher).get(url, {"q": WORDS}).content.decode()
        )

        withdraw(coded, client_for)

        page = client_for(coded.researcher).get(url, {"q": WORDS}).content.decode()
        assert "0 extracts" in page and "council" not in page.split("results-heading")[1]
        listing = client_for(coded.researcher).get(url, {"phase": "scoping"}).content.decode()
        assert "week 2" not in listing

    def test_its_extract_pages_are_404(self, coded, project, client_for):
        extract = extract_of(coded.enrolment, 2, "What?")
        url = reverse("research:extract_detail", args=[project.public_id, extract.token])

        withdraw(coded, client_for)

        assert client_for(coded.researcher).get(url).status_code == 404
        code = reverse("research:extract_code", args=[project.public_id, extract.token])
        assert client_for(coded.researcher).post(code, {"memo": "x"}).status_code == 404

    def test_gone_from_coding_pages_and_charts(self, coded, project, client_for):
        client = client_for(coded.researcher)
        coding_list = reverse("research:coding_list", args=[project.public_id])
        assert "2 codings" in client.get(coding_list).content.decode()

        withdraw(coded, client_for)

        assert "1 coding" in client.get(coding_list).content.decode()
        overview = client.get(reverse("research:project_detail", args=[project.public_id]))
        assert overview.context["theme_chart"].total == 1
        assert overview.context["coded_count"] == 1
        assert Coding.objects.count() == 2  # kept, out of sight

    def test_gone_from_every_export(self, coded, project, client_for):
        client = client_for(coded.researcher)
        withdraw(coded, client_for)

        csv = client.post(reverse("research:export_csv", args=[project.public_id])).content.decode()
        data = client.post(reverse("research:export_json", args=[project.public_id])).json()
        summary = client.post(reverse("research:export_summary_csv", args=[project.public_id]))

        assert "council" not in csv and "Harbour talks stalled." in csv
        assert len(data["extracts"]) == 1 and "council" not in str(data)
        power = next(t for t in data["themes"] if t["name"] == "Power and fairness")
        assert power["extracts"] == 1
        assert "Power and fairness,What gets in the way" in summary.content.decode()
        assert ",1,1,1," in summary.content.decode().split("Power and fairness")[1].splitlines()[0]

    def test_consenting_again_brings_the_codings_back(self, coded, project, client_for):
        withdraw(coded, client_for)
        consent(coded.enrolment)

        page = client_for(coded.researcher).get(
            reverse("research:coding_list", args=[project.public_id])
        )

        assert "2 codings" in page.content.decode()
