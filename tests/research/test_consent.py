"""Consent: the candidate's own choice, made at submission or any time
after, recorded with date and time, and acted on at once."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from research.models import ConsentEvent, ConsentVia, Extract, IndexedLogbook, ResearchConsent
from tests.research.conftest import consent, submit

CONSENT = reverse("research:consent")


def update_url(enrolment):
    return reverse("research:consent_update", args=[enrolment.pk])


def words_url(enrolment):
    return reverse("research:mask_words_update", args=[enrolment.pk])


@pytest.mark.django_db
class TestConsentPage:
    def test_states_plainly_what_yes_means(self, cast, client_for):
        page = client_for(cast.candidate).get(CONSENT).content.decode()

        assert "What saying yes means" in page
        assert "never see" in page and "Broker 17" in page
        assert "no effect on your examination" in page
        assert "Yes, include my submitted logbook" in page

    def test_without_a_logbook_it_is_404(self, cast, client_for):
        for person in (cast.mentor, cast.examiner, cast.coordinator, cast.researcher):
            assert client_for(person).get(CONSENT).status_code == 404

    def test_lists_the_history_with_date_and_time(self, cast, client_for):
        consent(cast.enrolment)
        consent(cast.enrolment, given=False)

        page = client_for(cast.candidate).get(CONSENT).content.decode()

        assert page.count("<time datetime=") == 2
        assert "agreed" in page and "not included" in page


@pytest.mark.django_db
class TestGivingAndWithdrawing:
    def test_yes_adds_the_latest_submission_to_the_corpus(self, cast, client_for):
        submit(cast.enrolment)

        response = client_for(cast.candidate).post(update_url(cast.enrolment), {"given": "yes"})

        assert response.status_code == 302 and response["Location"] == CONSENT
        assert ResearchConsent.objects.get(enrolment=cast.enrolment).given
        event = ConsentEvent.objects.get(enrolment=cast.enrolment)
        assert event.given and event.by == cast.candidate and event.via == ConsentVia.SETTINGS
        assert event.statement_version
        assert Extract.objects.filter(enrolment=cast.enrolment).count() == 5  # one body is empty

    def test_no_removes_it_at_once(self, cast, client_for):
        submit(cast.enrolment)
        consent(cast.enrolment)

        client_for(cast.candidate).post(update_url(cast.enrolment), {"given": "no"})

        assert not Extract.objects.filter(enrolment=cast.enrolment).exists()
        assert not IndexedLogbook.objects.filter(enrolment=cast.enrolment).exists()
        assert [e.given for e in ConsentEvent.objects.order_by("at", "pk")] == [True, False]

    def test_the_same_choice_twice_records_one_event(self, cast):
        consent(cast.enrolment)
        consent(cast.enrolment)

        assert ConsentEvent.objects.count() == 1

    def test_consent_before_submitting_counts_once_submitted(self, cast, client_for):
        consent(cast.enrolment)
        assert not Extract.objects.exists()

        submit(cast.enrolment)
        client_for(cast.researcher).get(reverse("research:home"))

        assert Extract.objects.filter(enrolment=cast.enrolment).count() == 5

    def test_an_answer_that_is_neither_yes_nor_no_changes_nothing(self, cast, client_for):
        client = client_for(cast.candidate)

        response = client.post(update_url(cast.enrolment), {"given": "maybe"}, follow=True)

        assert "Choose yes or no; nothing was changed." in response.content.decode()
        assert not ConsentEvent.objects.exists()

    def test_another_candidates_logbook_is_404(self, cast, client_for):
        response = client_for(cast.candidate2).post(update_url(cast.enrolment), {"given": "yes"})

        assert response.status_code == 404
        assert not ConsentEvent.objects.exists()

    def test_the_history_cannot_be_rewritten(self, cast):
        consent(cast.enrolment)
        event = ConsentEvent.objects.get()

        with pytest.raises(IntegrityError), transaction.atomic():
            ConsentEvent.objects.filter(pk=event.pk).update(given=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            ConsentEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db
class TestAtSubmission:
    SUBMIT = reverse("examinations:submit")

    def test_the_submit_page_offers_the_choice(self, cast, client_for):
        page = client_for(cast.candidate).get(self.SUBMIT).content.decode()

        assert "Research (optional)" in page
        assert update_url(cast.enrolment) in page

    def test_saying_yes_there_returns_to_the_submit_page(self, cast, client_for):
        client = client_for(cast.candidate)

        response = client.post(
            update_url(cast.enrolment),
            {"given": "yes", "via": "submission", "next": self.SUBMIT},
        )

        assert response["Location"] == self.SUBMIT
        assert ConsentEvent.objects.get().via == ConsentVia.SUBMISSION
        assert "You agreed" in client.get(self.SUBMIT).content.decode()

    def test_a_next_address_elsewhere_is_ignored(self, cast, client_for):
        response = client_for(cast.candidate).post(
            update_url(cast.enrolment), {"given": "yes", "next": "https://evil.example.net/"}
        )

        assert response["Location"] == CONSENT

    def test_the_examination_page_links_to_research_consent(self, cast, client_for):
        page = client_for(cast.candidate).get(reverse("examinations:candidate_home"))

        assert CONSENT in page.content.decode()


@pytest.mark.django_db
class TestWordsToMask:
    def test_saved_words_are_masked_in_the_corpus_at_once(self, cast, client_for):
        submit(cast.enrolment)
        consent(cast.enrolment)
        prefix = f"logbook-{cast.enrolment.pk}"

        client_for(cast.candidate).post(
            words_url(cast.enrolment), {f"{prefix}-words": "council\n\nBudget\n"}
        )

        assert ResearchConsent.objects.get().mask_words == ["council", "Budget"]
        texts = " ".join(Extract.objects.values_list("text", flat=True))
        assert "council" not in texts.lower() and "budget" not in texts.lower()
        assert "The [masked] walked out of the meeting over the [masked]." in texts

    def test_a_single_letter_is_refused(self, cast, client_for):
        prefix = f"logbook-{cast.enrolment.pk}"

        response = client_for(cast.candidate).post(
            words_url(cast.enrolment), {f"{prefix}-words": "Alder\nx"}, follow=True
        )

        assert "too short to mask" in response.content.decode()
        assert not ResearchConsent.objects.filter(mask_words__len__gt=0).exists()

    def test_a_refused_list_is_shown_again_as_typed(self, cast, client_for):
        prefix = f"logbook-{cast.enrolment.pk}"
        typed = "Alder Trust\nMayor Okafor\n" + "x" * 101

        response = client_for(cast.candidate).post(
            words_url(cast.enrolment), {f"{prefix}-words": typed}
        )

        assert response.status_code == 200
        form = next(
            logbook["words_form"]
            for logbook in response.context["logbooks"]
            if logbook["enrolment"] == cast.enrolment
        )
        assert form["words"].value() == typed
        (error,) = form.errors["words"]
        assert "at most 100 characters" in error
        page = response.content.decode()
        assert "Alder Trust" in page and "Mayor Okafor" in page
        assert "Your words to mask were not saved" in page
        assert not ResearchConsent.objects.filter(mask_words__len__gt=0).exists()

    def test_another_candidates_words_are_404(self, cast, client_for):
        response = client_for(cast.candidate2).post(words_url(cast.enrolment), {})

        assert response.status_code == 404


@pytest.mark.django_db
class TestPreview:
    def test_shows_the_submission_masked(self, cast, client_for):
        submit(cast.enrolment, partnership="River Alliance")
        url = reverse("research:consent_preview", args=[cast.enrolment.pk])

        page = client_for(cast.candidate).get(url).content.decode()

        assert "The council walked out" in page
        assert "Cat Candidate" not in page.split("<main")[1]

    def test_is_the_candidates_own(self, cast, client_for):
        url = reverse("research:consent_preview", args=[cast.enrolment.pk])

        assert client_for(cast.candidate2).get(url).status_code == 404
        assert client_for(cast.researcher).get(url).status_code == 404
