"""What the issue found leaking, through every way a researcher reads:
the extract page, search, CSV and JSON exports and the stored index; and
the candidate's preview, which shows entries exactly as the extract page does."""

import re

import pytest
from django.urls import reverse

from entries.services import EntryText, entry_save, headings_apply_preset
from research import selectors, services
from research.models import Extract, ResearchConsent
from tests.factories import UserFactory
from tests.research.conftest import consenting_logbook

LEAKY = (
    "Kwame asked Priya Raman to copy kwame.o@gmail.com, then ring Mrs Achieng "
    "on +44 20 7946 0958 or (021) 555-0134; minutes at www.kisumuwater.co.ke/minutes."
)
SECRETS = [
    "Kwame",
    "Priya",
    "Raman",
    "kwame.o",
    "gmail",
    "Achieng",
    "7946",
    "555-0134",
    "kisumuwater",
]
WEEKS = [{"week": 3, "title": "Calls", "bodies": [LEAKY, "Quiet partners spoke.", ""]}]


@pytest.fixture
def leaky(cast, project):
    UserFactory(full_name="Priya Raman")  # another candidate, elsewhere in the app
    enrolment = consenting_logbook("Kwame Osei", "k.osei@example.test", weeks=WEEKS)
    extract = Extract.objects.get(enrolment=enrolment, week=3, heading="What?")
    services.coding_save(
        project=project, extract=extract, researcher=cast.researcher, themes=[], memo="ok"
    )
    return enrolment, extract


def assert_masked(text):
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
    assert "[name].o@" not in text


@pytest.mark.django_db
class TestNothingLeaks:
    def test_the_extract_page(self, leaky, project, client_for, cast):
        _, extract = leaky
        url = reverse("research:extract_detail", args=[project.public_id, extract.token])
        page = client_for(cast.researcher).get(url).content.decode().split("<main")[1]

        assert_masked(page)
        assert "[email]" in page and "[phone]" in page and "[url]" in page
        assert "Mrs [name]" in page, re.findall(r"<p>.*?</p>", page)

    def test_the_stored_index_and_search(self, leaky):
        _, extract = leaky
        extract.refresh_from_db()
        assert_masked(extract.text)
        for word in ("Priya", "Kwame", "Achieng", "gmail"):
            assert not selectors.search_extracts(selectors.corpus(), q=word, ranked=False)
        assert selectors.search_extracts(selectors.corpus(), q="Quiet", ranked=False)

    def test_csv_and_json_exports(self, leaky, project, client_for, cast):
        client = client_for(cast.researcher)
        csv_text = client.post(reverse("research:export_csv", args=[project.public_id]))
        json_text = client.post(reverse("research:export_json", args=[project.public_id]))

        assert "Quiet partners" not in csv_text.content.decode()  # only the coded extract
        assert "[phone]" in csv_text.content.decode()
        assert_masked(csv_text.content.decode())
        assert_masked(json_text.content.decode())

    def test_a_new_account_is_masked_from_the_next_page_on(self, leaky, project, client_for, cast):
        _, extract = leaky
        url = reverse("research:extract_detail", args=[project.public_id, extract.token])
        client = client_for(cast.researcher)
        assert "Quiet partners" in client.get(url).content.decode()

        UserFactory(full_name="Quiet Lamb")

        assert "[name] partners" in client.get(url).content.decode()


@pytest.mark.django_db
class TestPeopleAreCached:
    def test_masking_facts_cost_three_queries_once_people_are_known(
        self, leaky, django_assert_num_queries
    ):
        enrolment, _ = leaky
        selectors.logbook_facts([enrolment.pk])
        with django_assert_num_queries(3):
            selectors.logbook_facts([enrolment.pk])


def markdown_blocks(page: str) -> list[str]:
    return re.findall(r'<div class="markdown">(.*?)</div>', page, re.DOTALL)


@pytest.mark.django_db
class TestPreview:
    def url(self, enrolment):
        return reverse("research:consent_preview", args=[enrolment.pk])

    def test_shows_exactly_what_the_extract_page_shows(self, leaky, project, client_for, cast):
        enrolment, extract = leaky
        researcher_page = (
            client_for(cast.researcher)
            .get(reverse("research:extract_detail", args=[project.public_id, extract.token]))
            .content.decode()
        )
        preview = client_for(enrolment.candidate).get(self.url(enrolment)).content.decode()

        shown = markdown_blocks(researcher_page)
        assert shown and markdown_blocks(preview) == shown
        assert_masked(preview.split("<main")[1].split('id="words"')[0])

    def test_before_consent_and_before_submitting(self, cast, client_for):
        enrolment = cast.enrolment
        headings_apply_preset(enrolment=enrolment, key="rolfe")
        entry_save(
            enrolment=enrolment,
            text=EntryText(
                week=1,
                title="",
                aims="",
                bodies=[LEAKY, "", ""],
                partnerships=[],
                phases=[],
                tools=[],
            ),
            share=True,
        )
        page = client_for(cast.candidate).get(self.url(cast.enrolment)).content.decode()

        assert "as submitting now would freeze them" in page
        assert "[email]" in page and "[phone]" in page
        assert "would read" in page
        assert not ResearchConsent.objects.filter(enrolment=cast.enrolment, given=True).exists()

    def test_words_saved_from_the_preview_are_masked_at_once(self, leaky, client_for):
        enrolment, _ = leaky
        client = client_for(enrolment.candidate)
        url = self.url(enrolment)
        assert "Quiet partners" in client.get(url).content.decode()

        response = client.post(
            reverse("research:mask_words_update", args=[enrolment.pk]),
            {f"logbook-{enrolment.pk}-words": "Quiet", "next": url},
        )

        assert response.status_code == 302 and response["Location"] == f"{url}#words"
        page = client.get(url).content.decode()
        assert "[masked] partners" in page
        assert "1 word of your own" in page
        extract = Extract.objects.get(enrolment=enrolment, week=3, heading="So what?")
        assert extract.text == "[masked] partners spoke."

    def test_a_refused_list_comes_back_to_the_preview_as_typed(self, leaky, client_for):
        enrolment, _ = leaky
        url = self.url(enrolment)
        typed = "Alder Trust\n" + "x" * 101
        response = client_for(enrolment.candidate).post(
            reverse("research:mask_words_update", args=[enrolment.pk]),
            {f"logbook-{enrolment.pk}-words": typed, "next": url},
        )

        page = response.content.decode()
        assert "Words to mask" in page and "Save and preview again" in page
        assert "Alder Trust" in page and "at most 100 characters" in page

    def test_another_next_goes_to_the_consent_page(self, leaky, client_for):
        enrolment, _ = leaky
        response = client_for(enrolment.candidate).post(
            reverse("research:mask_words_update", args=[enrolment.pk]),
            {f"logbook-{enrolment.pk}-words": "Quiet", "next": "https://evil.example/"},
        )

        assert response["Location"] == f"{reverse('research:consent')}#words-{enrolment.pk}"
