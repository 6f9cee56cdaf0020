"""Coding extracts with themes and a memo; the codebook; forged theme ids."""

import pytest
from django.urls import reverse

from mentors.services import comment_post
from research import services
from research.models import Coding, Theme
from tests.research.conftest import consenting_logbook, extract_of, queries_for


def extract_url(project, extract):
    return reverse("research:extract_detail", args=[project.public_id, extract.token])


def code_url(project, extract):
    return reverse("research:extract_code", args=[project.public_id, extract.token])


def theme(project, name):
    return project.themes.get(name=name)


@pytest.mark.django_db
class TestCodebook:
    def test_a_new_project_starts_from_the_starter_codebook(self, project):
        names = set(project.themes.values_list("name", flat=True))

        assert {
            "Power and fairness",
            "Conflict and difficult partners",
            "Funders steering",
        } <= names
        assert project.themes.values("group").distinct().count() == 2

    def test_researchers_add_themes(self, cast, project, client_for):
        url = reverse("research:theme_create", args=[project.public_id])

        response = client_for(cast.researcher).post(
            url, {"name": "Humour", "description": "Jokes that ease tension."}
        )

        assert response.status_code == 302
        assert project.themes.filter(name="Humour").exists()

    def test_a_theme_name_is_used_once_per_project(self, cast, project, client_for):
        url = reverse("research:theme_create", args=[project.public_id])

        response = client_for(cast.researcher).post(url, {"name": "power AND fairness"})

        assert response.status_code == 422
        assert "already has a theme called" in response.content.decode()

    def test_starting_a_project_from_the_page(self, cast, client_for):
        response = client_for(cast.researcher).post(
            reverse("research:project_create"),
            {"title": "Exits", "question": "How do brokers leave?"},
        )

        assert response.status_code == 302
        assert "/enquiry/projects/" in response["Location"]


@pytest.mark.django_db
class TestCoding:
    def test_themes_and_memo_are_saved(self, corpus, project, client_for):
        extract = extract_of(corpus.enrolment, 2, "What?")
        chosen = [
            theme(project, "Conflict and difficult partners"),
            theme(project, "Power and fairness"),
        ]

        response = client_for(corpus.researcher).post(
            code_url(project, extract), {"themes": [t.pk for t in chosen], "memo": "A walk-out."}
        )

        assert response.status_code == 302
        coding = Coding.objects.get()
        assert set(coding.themes.all()) == set(chosen)
        assert coding.memo == "A walk-out." and coding.researcher == corpus.researcher

    def test_the_page_shows_the_readers_own_coding(self, corpus, project, client_for):
        extract = extract_of(corpus.enrolment, 2, "What?")
        services.coding_save(
            project=project,
            extract=extract,
            researcher=corpus.researcher,
            themes=[theme(project, "Trust and openness")],
            memo="Mine",
        )

        page = client_for(corpus.researcher).get(extract_url(project, extract)).content.decode()

        assert "checked" in page and "Mine</textarea>" in page

    def test_emptying_both_removes_the_coding(self, corpus, project, client_for):
        extract = extract_of(corpus.enrolment, 2, "What?")
        services.coding_save(
            project=project, extract=extract, researcher=corpus.researcher, themes=[], memo="x"
        )

        client_for(corpus.researcher).post(code_url(project, extract), {"memo": "  "})

        assert not Coding.objects.exists()

    @pytest.mark.parametrize("forged", ["999999", "abc", "-1"])
    def test_forged_theme_ids_are_refused_with_a_clear_message(
        self, corpus, project, client_for, forged
    ):
        extract = extract_of(corpus.enrolment, 2, "What?")

        response = client_for(corpus.researcher).post(
            code_url(project, extract), {"themes": [forged], "memo": "Keep me"}
        )

        assert response.status_code == 422
        page = response.content.decode()
        assert "That theme is not in this project&#x27;s codebook; nothing was saved." in page
        assert "Keep me</textarea>" in page
        assert not Coding.objects.exists()

    def test_a_theme_of_another_project_is_refused(self, corpus, project, client_for):
        other = services.project_create(title="Other", question="", by=corpus.researcher)
        extract = extract_of(corpus.enrolment, 2, "What?")

        response = client_for(corpus.researcher).post(
            code_url(project, extract), {"themes": [theme(other, "Power and fairness").pk]}
        )

        assert response.status_code == 422
        assert not Coding.objects.exists()

    def test_the_service_refuses_a_foreign_theme_too(self, corpus, project):
        other = services.project_create(title="Other", question="", by=corpus.researcher)
        extract = extract_of(corpus.enrolment, 2, "What?")

        with pytest.raises(Exception, match="not in this project's codebook"):
            services.coding_save(
                project=project,
                extract=extract,
                researcher=corpus.researcher,
                themes=[Theme.objects.filter(project=other).first()],
                memo="",
            )


@pytest.mark.django_db
class TestTheAnonymisedEntry:
    def test_shows_every_section_masked_with_its_context(self, corpus, project, client_for):
        extract = extract_of(corpus.enrolment, 2, "What?")

        page = client_for(corpus.researcher).get(extract_url(project, extract)).content.decode()

        main = page.split("<main")[1]
        for text in (
            "A difficult partner",
            "The council walked out",
            "Meet the council alone",
            "week 2",
            "Ground rules",
            "External broker",
            "Scoping &amp; building",
        ):
            assert text in main
        for secret in ("Cat Candidate", "candidate@example.test", "River Alliance", "Mo Mentor"):
            assert secret not in main

    def test_never_shows_mentor_comments(self, corpus, project, client_for):
        entry = corpus.enrolment.entries.get(week=2)
        comment_post(entry=entry, author=corpus.mentor, body="Mentor only: think about power.")
        extract = extract_of(corpus.enrolment, 2, "What?")

        page = client_for(corpus.researcher).get(extract_url(project, extract)).content.decode()

        assert "think about power" not in page

    def test_an_unknown_extract_is_404(self, corpus, project, client_for):
        url = reverse(
            "research:extract_detail",
            args=[project.public_id, "00000000-0000-0000-0000-000000000000"],
        )

        assert client_for(corpus.researcher).get(url).status_code == 404


@pytest.mark.django_db
class TestCodingList:
    def code_all(self, project, researcher):
        power = theme(project, "Power and fairness")
        from research.models import Extract

        for extract in Extract.objects.all():
            services.coding_save(
                project=project, extract=extract, researcher=researcher, themes=[power], memo="m"
            )

    def test_lists_the_readers_codings(self, corpus, project, client_for):
        self.code_all(project, corpus.researcher)
        url = reverse("research:coding_list", args=[project.public_id])

        page = client_for(corpus.researcher).get(url).content.decode()

        assert "5 codings" in page and "Power and fairness" in page

    def test_query_count_is_the_same_for_few_and_many_codings(self, corpus, project, client_for):
        """Project, coders, themes (form), the
        count, one page of codings with extract and pseudonym, their themes."""
        client = client_for(corpus.researcher)
        url = reverse("research:coding_list", args=[project.public_id])
        self.code_all(project, corpus.researcher)
        client.get(url)
        small = queries_for(client, url)

        for i in range(8):
            consenting_logbook(f"Coded Logbook{i}")
        self.code_all(project, corpus.researcher)
        client.get(url)
        large = queries_for(client, url)

        assert small == large

    def test_extract_page_query_count_does_not_grow(self, corpus, project, client_for):
        client = client_for(corpus.researcher)
        extract = extract_of(corpus.enrolment, 2, "What?")
        url = extract_url(project, extract)
        client.get(url)
        small = queries_for(client, url)

        for i in range(6):
            consenting_logbook(f"Other Logbook{i}")
        client.get(url)
        large = queries_for(client, url)

        assert small == large
