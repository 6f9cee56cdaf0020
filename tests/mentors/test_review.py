"""Marking an entry reviewed, and what the candidate sees of reviews and comments."""

import pytest
from django.urls import reverse

from mentors import services
from tests.mentors.conftest import comment, text, write

pytestmark = pytest.mark.django_db


def reviewed_url(entry):
    return reverse("mentors:entry_reviewed", args=[entry.public_id])


def review_url(entry):
    return reverse("mentors:entry_review", args=[entry.public_id])


@pytest.fixture
def entry(cast):
    return write(cast.enrolment, 3, title="Scoping the river basin")


class TestMarkReviewed:
    def test_the_mentor_marks_an_entry_reviewed(self, cast, client_for, entry):
        response = client_for(cast.mentor).post(reviewed_url(entry), follow=True)

        entry.refresh_from_db()
        assert entry.reviewed_at is not None
        assert response.redirect_chain[-1][0] == reverse(
            "mentors:mentee_logbook", args=[cast.enrolment.pk]
        )
        assert "Week 3 marked reviewed." in text(response)

    def test_the_button_goes_once_the_entry_is_reviewed(self, cast, client_for, entry):
        client = client_for(cast.mentor)
        client.post(reviewed_url(entry))

        page = text(client.get(review_url(entry)))

        assert "Mark reviewed" not in page
        assert "Reviewed" in page

    def test_marking_twice_keeps_the_first_time(self, cast, client_for, entry):
        client = client_for(cast.mentor)
        client.post(reviewed_url(entry))
        entry.refresh_from_db()
        first = entry.reviewed_at

        client.post(reviewed_url(entry))

        entry.refresh_from_db()
        assert entry.reviewed_at == first

    def test_the_candidate_sees_reviewed_on_their_list_and_entry(self, cast, client_for, entry):
        services.entry_mark_reviewed(entry=entry, by=cast.mentor)
        client = client_for(cast.candidate)

        home = text(client.get(reverse("entries:home")))
        detail = text(client.get(reverse("entries:entry_detail", args=[entry.public_id])))

        assert "Reviewed" in home
        assert "Reviewed by your mentor" in detail

    def test_an_unreviewed_entry_shows_no_reviewed_badge(self, cast, client_for, entry):
        home = text(client_for(cast.candidate).get(reverse("entries:home")))

        assert "Reviewed" not in home

    def test_the_candidate_marking_reviewed_gets_403(self, cast, client_for, entry):
        response = client_for(cast.candidate).post(reviewed_url(entry))

        assert response.status_code == 403
        entry.refresh_from_db()
        assert entry.reviewed_at is None

    def test_a_draft_cannot_be_marked_reviewed(self, cast, client_for):
        draft = write(cast.enrolment, 4, share=False)

        response = client_for(cast.mentor).post(reviewed_url(draft))

        assert response.status_code == 404
        draft.refresh_from_db()
        assert draft.reviewed_at is None

    def test_another_mentor_gets_404(self, cast, client_for, entry):
        response = client_for(cast.mentor2).post(reviewed_url(entry))

        assert response.status_code == 404


class TestUnreadComments:
    def test_the_candidates_list_counts_unread_comments(self, cast, client_for, entry):
        comment(entry, cast.mentor, "First question")
        comment(entry, cast.mentor, "Second question")
        comment(entry, cast.candidate, "My own note")

        home = text(client_for(cast.candidate).get(reverse("entries:home")))

        assert "2 new comments" in home

    def test_opening_the_conversation_resets_the_count(self, cast, client_for, entry):
        comment(entry, cast.mentor, "First question")
        client = client_for(cast.candidate)

        client.get(review_url(entry))
        home = text(client.get(reverse("entries:home")))

        entry.refresh_from_db()
        assert entry.unread_by_candidate == 0
        assert "new comment" not in home
        assert "1 comment" in home

    def test_the_mentor_reading_does_not_reset_the_candidates_count(self, cast, client_for, entry):
        comment(entry, cast.mentor, "First question")

        client_for(cast.mentor).get(review_url(entry))

        entry.refresh_from_db()
        assert entry.unread_by_candidate == 1

    def test_the_entry_page_links_to_the_conversation_with_the_count(self, cast, client_for, entry):
        comment(entry, cast.mentor, "First question")

        response = client_for(cast.candidate).get(
            reverse("entries:entry_detail", args=[entry.public_id])
        )

        assert review_url(entry) in response.content.decode()
        assert "1 new" in text(response)
