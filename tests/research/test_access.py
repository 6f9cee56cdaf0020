"""Who reaches the enquiry: researchers only. Everyone else, coordinators
included, gets 403, the answer of every role's area (it was 404 here, the
one role area that differed); nothing about a project or extract is read
before the refusal, so an unknown id answers the same."""

import pytest
from django.urls import reverse

from tests.research.conftest import extract_of


def research_urls(project, extract):
    p = project.public_id
    return {
        "get": [
            reverse("research:home"),
            reverse("research:project_create"),
            reverse("research:project_detail", args=[p]),
            reverse("research:search", args=[p]) + "?q=council",
            reverse("research:extract_detail", args=[p, extract.token]),
            reverse("research:coding_list", args=[p]),
            reverse("research:codebook", args=[p]),
            reverse("research:agreement", args=[p]),
            reverse("research:export", args=[p]),
        ],
        "post": [
            reverse("research:project_create"),
            reverse("research:extract_code", args=[p, extract.token]),
            reverse("research:theme_create", args=[p]),
            reverse("research:export_csv", args=[p]),
            reverse("research:export_json", args=[p]),
            reverse("research:export_summary_csv", args=[p]),
        ],
    }


@pytest.mark.django_db
class TestResearchPages:
    @pytest.fixture
    def urls(self, corpus, project):
        return research_urls(project, extract_of(corpus.enrolment, 2, "What?"))

    @pytest.mark.parametrize(
        "who", ["coordinator", "candidate", "candidate2", "mentor", "examiner", "stranger"]
    )
    def test_everyone_but_researchers_gets_403(self, cast, urls, client_for, who):
        client = client_for(getattr(cast, who))

        for url in urls["get"]:
            assert client.get(url).status_code == 403, url
        for url in urls["post"]:
            assert client.post(url, {"title": "x", "memo": "x", "name": "x"}).status_code == 403, (
                url
            )

    def test_a_coordinator_granted_the_flag_gets_in(self, cast, urls, client_for):
        cast.coordinator.is_researcher = True
        cast.coordinator.save()
        client = client_for(cast.coordinator)

        for url in urls["get"]:
            assert client.get(url).status_code == 200, url

    def test_a_deactivated_researcher_is_refused(self, cast, urls, client_for):
        client = client_for(cast.researcher)
        cast.researcher.is_active = False
        cast.researcher.save()

        assert client.get(urls["get"][0]).status_code in (302, 403)

    def test_the_navigation_link_is_enquiry(self, cast, client_for):
        page = client_for(cast.researcher).get(reverse("research:home")).content.decode()

        assert f'href="{reverse("research:home")}" aria-current="page">Enquiry</a>' in page


@pytest.mark.django_db
def test_researchers_home_is_the_enquiry(cast, client_for):
    response = client_for(cast.researcher).get(reverse("home"))

    assert response["Location"] == reverse("research:home")
