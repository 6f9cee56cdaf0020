"""The review conversation: comments on an entry or a section, replies,
editing, resolving, and what a first mentor comment changes for the entry."""

import re
import uuid

import pytest
from django.urls import reverse

from entries.models import EntryStatus
from mentors.models import Comment
from programme.services import enrolment_assign_mentor
from tests.factories import UserFactory
from tests.mentors.conftest import HEADINGS, Page, comment, edit, queries_for, text, write

pytestmark = pytest.mark.django_db


def review_url(entry):
    return reverse("mentors:entry_review", args=[entry.public_id])


def create_url(entry):
    return reverse("mentors:comment_create", args=[entry.public_id])


def post_comment(client, entry, body="Who decided that, and how?", **extra):
    data = {"body": body, "form_token": str(uuid.uuid4()), **extra}
    return client.post(create_url(entry), data, follow=True)


def aside(response, heading) -> str:
    """The HTML of the comments column beside one section."""
    html = response.content.decode()
    match = re.search(
        rf'<aside[^>]*aria-label="Comments on {re.escape(heading)}">(.*?)</aside>', html, re.S
    )
    assert match, f"no comments column for {heading}"
    return match.group(1)


@pytest.fixture
def entry(cast):
    return write(cast.enrolment, 3, bodies=["The partners met.", "I doubted the plan.", "", "", ""])


class TestReviewPage:
    def test_the_mentor_sees_the_comment_controls(self, cast, client_for, entry):
        page = Page.of(client_for(cast.mentor).get(review_url(entry)))

        assert [tag for tag, _ in page.controls_labelled("Add a comment")] == ["textarea"]
        assert "Post comment" in page.buttons
        assert page.buttons.count("Comment on this section") == len(HEADINGS)
        assert "Mark reviewed" in page.buttons

    def test_the_candidate_sees_the_same_conversation_without_mark_reviewed(
        self, cast, client_for, entry
    ):
        page = Page.of(client_for(cast.candidate).get(review_url(entry)))

        assert page.controls_labelled("Add a comment")
        assert page.buttons.count("Comment on this section") == len(HEADINGS)
        assert "Mark reviewed" not in page.buttons

    def test_each_section_form_has_its_own_labelled_text_area(self, cast, client_for, entry):
        page = Page.of(client_for(cast.mentor).get(review_url(entry)))

        assert page.duplicate_ids() == []
        for heading in HEADINGS:
            assert [t for t, _ in page.controls_labelled(f"Comment on “{heading}”")] == ["textarea"]

    def test_threads_show_a_reply_button(self, cast, client_for, entry):
        comment(entry, cast.mentor)

        page = Page.of(client_for(cast.candidate).get(review_url(entry)))

        assert "Reply" in page.buttons

    def test_queries_do_not_grow_with_the_threads(self, cast, client_for, entry):
        """On top of the navigation's baseline, the mentor's review page costs
        7 queries: the entry (with enrolment, candidate, mentor, cohort), its
        sections, the root comments with authors, their replies with authors,
        marking the notices about this entry read, the audit trail's check
        that this read is already recorded (the first read in half an hour
        also writes it: the page is opened once before counting), and the
        entry's partnerships."""
        client = client_for(cast.mentor)
        baseline = queries_for(client, reverse("password_change_done"))
        section = entry.sections.first()
        for _ in range(2):
            comment(entry, cast.candidate, parent=comment(entry, cast.mentor, section=section))
        queries_for(client, review_url(entry))  # records the read in the audit trail
        small = queries_for(client, review_url(entry))
        for _ in range(10):
            comment(entry, cast.candidate, parent=comment(entry, cast.mentor))

        large = queries_for(client, review_url(entry))

        assert small == large == baseline + 7


class TestCommentCreate:
    def test_the_mentor_comments_on_the_whole_entry(self, cast, client_for, entry):
        response = post_comment(client_for(cast.mentor), entry, "What was **your** part?")

        (posted,) = Comment.objects.all()
        assert (posted.author, posted.section, posted.parent) == (cast.mentor, None, None)
        assert "Comment posted." in text(response)
        assert "<strong>your</strong>" in response.content.decode()

    def test_a_section_comment_appears_beside_its_section(self, cast, client_for, entry):
        section = entry.sections.get(heading_title="Thoughts")

        response = post_comment(
            client_for(cast.mentor), entry, "Why the doubt?", section=str(section.pk)
        )

        assert Comment.objects.get().section == section
        assert "Why the doubt?" in aside(response, "Thoughts")
        assert "Why the doubt?" not in aside(response, "Issues")

    def test_the_candidate_replies_in_the_thread(self, cast, client_for, entry):
        section = entry.sections.get(heading_title="Thoughts")
        question = comment(entry, cast.mentor, "Why the doubt?", section=section)

        response = post_comment(
            client_for(cast.candidate),
            entry,
            "Because the donor set the agenda.",
            parent=str(question.public_id),
        )

        reply = Comment.objects.get(author=cast.candidate)
        assert (reply.parent, reply.section) == (question, section)
        assert "Reply posted." in text(response)
        assert "Because the donor set the agenda." in aside(response, "Thoughts")

    def test_a_reply_to_a_reply_joins_the_same_thread(self, cast, entry):
        question = comment(entry, cast.mentor)
        answer = comment(entry, cast.candidate, parent=question)

        follow_up = comment(entry, cast.mentor, parent=answer)

        assert follow_up.parent == question

    def test_an_empty_comment_gets_a_clear_message_and_creates_nothing(
        self, cast, client_for, entry
    ):
        response = post_comment(client_for(cast.mentor), entry, "   \n  ")

        assert Comment.objects.count() == 0
        assert "Write something before posting: the comment is empty." in text(response)

    def test_a_comment_over_20000_characters_is_refused_clearly(self, cast, client_for, entry):
        response = post_comment(client_for(cast.mentor), entry, "x" * 20_001)

        assert Comment.objects.count() == 0
        assert "A comment can be at most 20,000 characters" in text(response)
        assert "20001" in text(response) or "20,001" in text(response)

    def test_a_comment_of_exactly_20000_characters_is_accepted(self, cast, client_for, entry):
        post_comment(client_for(cast.mentor), entry, "x" * 20_000)

        assert Comment.objects.count() == 1

    def test_the_same_form_posted_twice_creates_one_comment(self, cast, client_for, entry):
        client = client_for(cast.mentor)
        data = {"body": "Double click", "form_token": str(uuid.uuid4())}

        first = client.post(create_url(entry), data)
        second = client.post(create_url(entry), data)

        (posted,) = Comment.objects.all()
        assert (
            first["Location"]
            == second["Location"]
            == review_url(entry) + f"?posted={posted.public_id}#comment-{posted.public_id}"
        )
        entry.refresh_from_db()
        assert (entry.comment_count, entry.unread_by_candidate) == (1, 1)
        # The browser follows one of the two answers: it says "Comment posted."
        # once, and nothing is left in the session for a later page to say.
        assert text(client.get(first["Location"])).count("Comment posted.") == 1
        assert "posted." not in text(client.get(review_url(entry)))

    def test_posted_is_said_only_for_the_readers_own_comment_on_this_entry(
        self, cast, client_for, entry
    ):
        mentors_comment = comment(entry, cast.mentor)
        candidate = client_for(cast.candidate)

        for posted in (str(mentors_comment.public_id), str(uuid.uuid4()), "not-a-uuid"):
            response = candidate.get(review_url(entry), {"posted": posted})
            assert response.status_code == 200
            assert "posted." not in text(response)

    def test_a_forged_comment_on_a_draft_is_404(self, cast, client_for):
        draft = write(cast.enrolment, 4, share=False)

        for person in (cast.mentor, cast.candidate):
            response = client_for(person).post(create_url(draft), {"body": "Forged"})
            assert response.status_code == 404
        assert Comment.objects.count() == 0

    def test_a_comment_on_another_candidates_entry_is_404(self, cast, client_for):
        other = write(cast.enrolment2, 3)

        for person in (cast.mentor, cast.candidate):
            response = client_for(person).post(create_url(other), {"body": "Forged"})
            assert response.status_code == 404
        assert Comment.objects.count() == 0

    def test_a_section_of_another_entry_is_404(self, cast, client_for, entry):
        elsewhere = write(cast.enrolment, 5).sections.first()

        response = client_for(cast.mentor).post(
            create_url(entry), {"body": "Forged", "section": str(elsewhere.pk)}
        )

        assert response.status_code == 404
        assert Comment.objects.count() == 0

    def test_a_parent_on_another_entry_is_404(self, cast, client_for, entry):
        elsewhere = comment(write(cast.enrolment, 5), cast.mentor)

        response = client_for(cast.candidate).post(
            create_url(entry), {"body": "Forged", "parent": str(elsewhere.public_id)}
        )

        assert response.status_code == 404
        assert Comment.objects.count() == 1

    def test_markdown_is_sanitized(self, cast, client_for, entry):
        body = (
            "<script>alert('x')</script> and [click](javascript:alert(1)) "
            '<img src=x onerror="alert(2)">'
        )

        response = post_comment(client_for(cast.mentor), entry, body)

        stored = Comment.objects.get().body_html
        main = response.content.decode().split('id="main"')[1].split("</main>")[0]
        for html in (stored, main):
            assert "<script" not in html
            assert "javascript:" not in html
            assert "<img" not in html
        assert "&lt;script&gt;" in stored  # shown as text, not run

    def test_a_reply_reopens_a_resolved_thread(self, cast, entry):
        question = comment(entry, cast.mentor)
        question.resolved_at = question.created_at
        question.save()

        comment(entry, cast.candidate, parent=question)

        question.refresh_from_db()
        assert question.resolved_at is None


class TestCommentEdit:
    def edit_url(self, posted):
        return reverse("mentors:comment_edit", args=[posted.public_id])

    def test_the_author_edits_until_someone_replies(self, cast, client_for, entry):
        posted = comment(entry, cast.mentor, "First thought")
        client = client_for(cast.mentor)

        form = client.get(self.edit_url(posted))
        response = client.post(self.edit_url(posted), {"body": "Second thought"}, follow=True)

        assert "First thought" in form.content.decode()
        posted.refresh_from_db()
        assert posted.body == "Second thought"
        assert posted.edited_at is not None
        assert "Comment updated." in text(response)

    def test_edited_comments_show_edited(self, cast, client_for, entry):
        posted = comment(entry, cast.mentor, "First thought")
        client_for(cast.mentor).post(self.edit_url(posted), {"body": "Second thought"})

        page = text(client_for(cast.candidate).get(review_url(entry)))

        assert "Second thought" in page
        assert "edited" in page
        assert "First thought" not in page

    def test_after_a_reply_the_edit_is_refused_with_a_message(self, cast, client_for, entry):
        posted = comment(entry, cast.mentor, "First thought")
        comment(entry, cast.candidate, parent=posted)

        response = client_for(cast.mentor).post(self.edit_url(posted), {"body": "Rewritten"})

        posted.refresh_from_db()
        assert posted.body == "First thought"
        assert posted.edited_at is None
        assert "Someone has replied, so this comment can no longer be edited." in text(response)

    def test_the_edit_link_disappears_once_someone_replies(self, cast, client_for, entry):
        posted = comment(entry, cast.mentor, "First thought")
        client = client_for(cast.mentor)
        before = client.get(review_url(entry)).content.decode()

        comment(entry, cast.candidate, parent=posted)
        after = client.get(review_url(entry)).content.decode()

        assert self.edit_url(posted) in before
        assert self.edit_url(posted) not in after

    def test_an_empty_edit_is_refused(self, cast, client_for, entry):
        posted = comment(entry, cast.mentor, "First thought")

        response = client_for(cast.mentor).post(self.edit_url(posted), {"body": " "})

        posted.refresh_from_db()
        assert posted.body == "First thought"
        assert "cannot be empty" in text(response)

    def test_the_other_party_cannot_edit(self, cast, client_for, entry):
        posted = comment(entry, cast.mentor, "First thought")

        response = client_for(cast.candidate).post(self.edit_url(posted), {"body": "Hijacked"})

        assert response.status_code == 403
        posted.refresh_from_db()
        assert posted.body == "First thought"


class TestResolve:
    def test_the_mentor_resolves_and_the_candidate_reopens(self, cast, client_for, entry):
        thread = comment(entry, cast.mentor)
        reply = comment(entry, cast.candidate, parent=thread)

        client_for(cast.mentor).post(reverse("mentors:thread_resolve", args=[reply.public_id]))
        thread.refresh_from_db()
        resolved_by = thread.resolved_by
        page = text(client_for(cast.candidate).get(review_url(entry)))
        client_for(cast.candidate).post(reverse("mentors:thread_reopen", args=[thread.public_id]))

        assert resolved_by == cast.mentor
        assert "Resolved" in page
        thread.refresh_from_db()
        assert thread.resolved_at is None

    def test_the_candidate_resolves_too(self, cast, client_for, entry):
        thread = comment(entry, cast.mentor)

        response = client_for(cast.candidate).post(
            reverse("mentors:thread_resolve", args=[thread.public_id]), follow=True
        )

        thread.refresh_from_db()
        assert thread.resolved_by == cast.candidate
        assert "Thread resolved." in text(response)


class TestAfterTheFirstMentorComment:
    def test_the_candidate_can_unshare_before_any_mentor_comment(self, cast, client_for, entry):
        comment(entry, cast.candidate, "A note to my mentor")

        client_for(cast.candidate).post(reverse("entries:entry_unshare", args=[entry.public_id]))

        entry.refresh_from_db()
        assert entry.status == EntryStatus.DRAFT

    def test_the_candidate_cannot_unshare(self, cast, client_for, entry):
        comment(entry, cast.mentor)

        response = client_for(cast.candidate).post(
            reverse("entries:entry_unshare", args=[entry.public_id]), follow=True
        )

        entry.refresh_from_db()
        assert entry.status == EntryStatus.SHARED
        assert "Your mentor has already commented on this entry, so it stays shared." in text(
            response
        )

    def test_edits_show_the_mentor_edited_after_your_comment(self, cast, client_for, entry):
        comment(entry, cast.mentor)
        client = client_for(cast.mentor)
        before = text(client.get(review_url(entry)))

        edit(entry, bodies=["The partners met.", "I now trust the plan.", "", "", ""])
        after = text(client.get(review_url(entry)))
        changes = client.get(reverse("mentors:entry_changes", args=[entry.public_id]))

        assert "edited this entry after your comment" not in before
        assert "edited this entry after your comment" in after
        assert "See what changed" in after
        html = changes.content.decode()
        assert "<del>doubted</del>" in html
        assert "<ins>now trust</ins>" in html or "<ins>now</ins>" in html
        assert "Thoughts" in text(changes)

    def test_a_new_mentor_who_never_commented_is_not_told_after_your_comment(
        self, cast, client_for, entry
    ):
        comment(entry, cast.mentor)
        edit(entry, bodies=["The partners met.", "I now trust the plan.", "", "", ""])
        new_mentor = UserFactory(full_name="Nia New")
        enrolment_assign_mentor(enrolment=cast.enrolment, mentor=new_mentor, by=cast.coordinator)

        page = text(client_for(new_mentor).get(review_url(entry)))

        assert "after your comment" not in page

    def test_the_candidate_is_not_told_about_their_own_edits(self, cast, client_for, entry):
        comment(entry, cast.mentor)
        edit(entry, bodies=["The partners met.", "I now trust the plan.", "", "", ""])

        page = text(client_for(cast.candidate).get(review_url(entry)))

        assert "after your comment" not in page

    def test_changes_list_only_changed_parts_and_say_when_there_are_none(
        self, cast, client_for, entry
    ):
        comment(entry, cast.mentor)
        url = reverse("mentors:entry_changes", args=[entry.public_id])
        client = client_for(cast.mentor)

        unchanged = text(client.get(url))
        edit(entry, bodies=["The partners met.", "I now trust the plan.", "", "", ""])
        changed = text(client.get(url))

        assert "No changes: the entry reads as it did when you first commented." in unchanged
        assert "No changes" not in changed
        assert "Thoughts" in changed and "Issues" not in changed

    def test_changes_without_a_mentor_comment_say_there_is_nothing_to_compare(
        self, cast, client_for, entry
    ):
        # Was a 403; "nothing to compare" now has one answer everywhere: back
        # to the entry, which says so.
        response = client_for(cast.mentor).get(
            reverse("mentors:entry_changes", args=[entry.public_id]), follow=True
        )

        assert response.redirect_chain[-1][0].startswith(
            reverse("mentors:entry_review", args=[entry.public_id])
        )
        assert "nothing to compare" in text(response)


class TestReplacedMentor:
    def test_the_former_mentor_loses_the_conversation_at_once(self, cast, client_for, entry):
        posted = comment(entry, cast.mentor)
        client = client_for(cast.mentor)
        assert client.get(review_url(entry)).status_code == 200
        new_mentor = UserFactory(full_name="Nia New")

        enrolment_assign_mentor(enrolment=cast.enrolment, mentor=new_mentor, by=cast.coordinator)

        assert client.get(review_url(entry)).status_code == 404
        logbook = reverse("mentors:mentee_logbook", args=[cast.enrolment.pk])
        assert client.get(logbook).status_code == 404
        assert cast.candidate.full_name not in text(client.get(reverse("mentors:dashboard")))
        assert client.post(create_url(entry), {"body": "Still here?"}).status_code == 404
        edit_url = reverse("mentors:comment_edit", args=[posted.public_id])
        assert client.post(edit_url, {"body": "Late edit"}).status_code == 404
        assert client_for(new_mentor).get(review_url(entry)).status_code == 200
