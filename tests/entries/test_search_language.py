"""Search in the writer's language (issue 13 item 4): a logbook is indexed
and searched with the text-search configuration of its candidate's
language, and changing the language re-indexes it.

"reuniones" (meetings) is found by "reunión" in Spanish only: Spanish
stemming takes both to "reunion", English keeps the accented query word.
"""

import pytest
from django.urls import reverse

from entries.models import Entry, EntrySection
from entries.search_language import configuration_for
from entries.services import EntryText, entry_save, headings_apply_preset
from tests.entries.test_search import result_titles

SEARCH = reverse("entries:search")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def logbook(cast):
    headings_apply_preset(enrolment=cast.enrolment, key="short")
    return cast


def write(cast, week, title, issues, share=False):
    return entry_save(
        enrolment=cast.enrolment,
        text=EntryText(week=week, title=title, aims="", bodies=[issues, "", "", "", ""]),
        share=share,
    )


def speaks(user, language):
    user.language = language
    user.save(update_fields=["language"])


def test_each_shipped_language_has_its_configuration():
    assert [configuration_for(c) for c in ["en", "es", "fr", "pt", "ar", "", "xx"]] == [
        "english",
        "spanish",
        "french",
        "portuguese",
        "arabic",
        "english",
        "english",
    ]


@pytest.mark.django_db
class TestSearchInTheWritersLanguage:
    def test_a_spanish_logbook_stems_in_spanish(self, logbook, client_for):
        speaks(logbook.candidate, "es")
        write(logbook, 2, "Comité", "Las reuniones con los socios fueron difíciles.")

        response = client_for(logbook.candidate).get(SEARCH, {"q": "reunión"})

        assert result_titles(response) == ["Comité"]
        assert "<mark>reuniones</mark>" in response.content.decode()

    def test_an_english_logbook_does_not(self, logbook, client_for):
        write(logbook, 2, "Comité", "Las reuniones con los socios fueron difíciles.")

        response = client_for(logbook.candidate).get(SEARCH, {"q": "reunión"})

        assert result_titles(response) == []

    def test_the_entry_title_is_indexed_in_the_language_too(self, logbook, client_for):
        speaks(logbook.candidate, "es")
        write(logbook, 2, "Reuniones del comité", "Nada más.")

        response = client_for(logbook.candidate).get(SEARCH, {"q": "reunión"})

        assert result_titles(response, link_class="entry-hit-link") == ["Reuniones del comité"]

    def test_changing_the_language_reindexes_the_logbook(self, logbook, client_for):
        write(logbook, 2, "Comité", "Las reuniones con los socios fueron difíciles.")
        client = client_for(logbook.candidate)
        assert result_titles(client.get(SEARCH, {"q": "reunión"})) == []

        response = client.post(reverse("profile_language"), {"language": "es"})

        assert response.status_code == 302
        assert result_titles(client.get(SEARCH, {"q": "reunión"})) == ["Comité"]
        # And back: English stems drop nothing Spanish, "los" is a word again.
        client.post(reverse("profile_language"), {"language": "en"})
        assert result_titles(client.get(SEARCH, {"q": "reunión"})) == []
        assert result_titles(client.get(SEARCH, {"q": "los"})) == ["Comité"]

    def test_reindexing_includes_the_bin_and_leaves_other_logbooks(self, logbook, client_for):
        binned = write(logbook, 2, "Comité", "Las reuniones con los socios.")
        Entry.objects.filter(pk=binned.pk).update(deleted_at=binned.created_at)
        headings_apply_preset(enrolment=logbook.enrolment2, key="short")
        other = entry_save(
            enrolment=logbook.enrolment2,
            text=EntryText(
                week=2, title="Otro", aims="", bodies=["Las reuniones.", "", "", "", ""]
            ),
            share=False,
        )
        before = EntrySection.objects.get(entry=other, position=0).search_vector

        client_for(logbook.candidate).post(reverse("profile_language"), {"language": "es"})

        binned_vector = EntrySection.objects.get(entry=binned, position=0).search_vector
        assert "'soci'" in binned_vector  # Spanish stem, though in the bin
        assert EntrySection.objects.get(entry=other, position=0).search_vector == before

    def test_the_mentor_searches_a_mentee_in_the_mentees_language(self, logbook, client_for):
        speaks(logbook.candidate, "es")
        write(logbook, 2, "Comité", "Las reuniones con los socios.", share=True)
        url = reverse("mentors:mentee_logbook", args=[logbook.enrolment.pk])

        response = client_for(logbook.mentor).get(url, {"q": "reunión"})

        assert response.status_code == 200
        assert "<mark>reuniones</mark>" in response.content.decode()
