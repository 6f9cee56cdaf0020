"""Hindsight honesty for the mentor (issue 11, item 8; DOMAIN.md: a logbook
"should not be modified in the light of hindsight").

From the "Edited after sharing" badge the mentor opens every change since
the entry was first shared, edit by edit, whether or not they have
commented, and never the draft the candidate wrote before sharing.

Most tests here run each save in its own transaction (as requests do):
the entry's kept versions are told apart by the database's transaction time.
"""

import datetime

import pytest
from django.urls import reverse

from entries import services as entry_services
from entries.history import entry_changes_since_shared
from entries.models import Entry
from entries.services import EntryText, entry_save, entry_unshare
from pbas_logbook.models import TextRevision
from tests.mentors.conftest import comment, edit, queries_for, text, write
from tests.security.test_access_methods import same_as_missing

# The word diff interleaves old and new words, so the draft is looked for
# by words of its own (DRAFT_WORDS), not as a phrase.
DRAFT = "Private draft: I nearly walked out of the meeting."
DRAFT_WORDS = ["nearly", "walked", "Scratchpad"]
SHARED = "The partners met and agreed the ground rules."
BLANK = [""] * 4


def edits_url(entry) -> str:
    return reverse("mentors:entry_edits", args=[entry.public_id])


def drafted_then_shared(enrolment) -> Entry:
    """An entry saved as a draft first, then shared with other text: what
    it said as a draft was never meant for the mentor."""
    entry = write(enrolment, 3, share=False, title="Scratchpad", bodies=[DRAFT, *BLANK])
    return entry_save(
        enrolment=enrolment,
        text=EntryText(week=3, title="Ground rules", bodies=[SHARED, *BLANK]),
        entry=entry,
        version=entry.version,
        share=True,
    )


@pytest.fixture
def every_save_an_edit(monkeypatch):
    """No coalescing: each save after sharing is its own edit on the page."""
    monkeypatch.setattr(entry_services, "EDIT_COALESCE", datetime.timedelta(0))


# --- Who may open it ---------------------------------------------------------------


@pytest.mark.django_db
class TestWhoMayOpen:
    @pytest.fixture
    def entry(self, cast):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
        return edit(entry, bodies=[SHARED + " Later: and kept them.", *BLANK])

    @pytest.mark.parametrize("person", ["mentor", "candidate"])
    def test_the_mentor_and_the_candidate_who_wrote_it_may_read_it(
        self, cast, client_for, entry, person
    ):
        response = client_for(getattr(cast, person)).get(edits_url(entry))

        assert response.status_code == 200
        assert "and kept them." in text(response)

    @pytest.mark.parametrize(
        "person",
        ["candidate2", "mentor2", "examiner", "examiner2", "coordinator", "stranger", "researcher"],
    )
    def test_everyone_else_gets_404(self, cast, client_for, entry, person):
        response = client_for(getattr(cast, person)).get(edits_url(entry))

        assert response.status_code == 404

    @pytest.mark.parametrize("person", ["mentor2", "examiner", "coordinator", "candidate2"])
    def test_someone_elses_entry_answers_exactly_like_a_missing_one(
        self, cast, client_for, entry, person
    ):
        real, missing = same_as_missing(
            client_for(getattr(cast, person)), "mentors:entry_edits", entry.public_id
        )

        assert real[0] == 404
        assert real == missing

    def test_anonymous_is_sent_to_sign_in(self, client, entry):
        response = client.get(edits_url(entry))

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    def test_it_only_reads(self, cast, client_for, entry):
        response = client_for(cast.mentor).post(edits_url(entry))

        assert response.status_code == 405

    def test_a_draft_is_404_for_the_mentor(self, cast, client_for):
        draft = write(cast.enrolment, 4, share=False)

        response = client_for(cast.mentor).get(edits_url(draft))

        assert response.status_code == 404

    def test_an_entry_made_private_again_is_404_for_the_mentor(self, cast, client_for, entry):
        entry_unshare(entry=Entry.objects.get(pk=entry.pk))

        response = client_for(cast.mentor).get(edits_url(entry))

        assert response.status_code == 404

    def test_a_former_mentor_gets_404(self, cast, client_for, entry):
        cast.enrolment.mentor = cast.mentor2
        cast.enrolment.save()

        assert client_for(cast.mentor).get(edits_url(entry)).status_code == 404
        assert client_for(cast.mentor2).get(edits_url(entry)).status_code == 200


# --- Where it is linked from ---------------------------------------------------------------


@pytest.mark.django_db
class TestTheBadgeLinksToIt:
    def test_before_any_comment_the_badge_on_the_mentees_logbook_opens_the_changes(
        self, cast, client_for
    ):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
        edit(entry, bodies=["Rewritten later.", *BLANK])

        page = client_for(cast.mentor).get(
            reverse("mentors:mentee_logbook", args=[cast.enrolment.pk])
        )

        assert f'href="{edits_url(entry)}">Edited after sharing' in page.content.decode()

    def test_the_badge_on_the_review_page_opens_the_changes(self, cast, client_for):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
        edit(entry, bodies=["Rewritten later.", *BLANK])

        page = client_for(cast.mentor).get(reverse("mentors:entry_review", args=[entry.public_id]))

        assert f'href="{edits_url(entry)}">Edited after sharing' in page.content.decode()

    def test_an_entry_not_edited_has_no_badge(self, cast, client_for):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])

        page = client_for(cast.mentor).get(
            reverse("mentors:mentee_logbook", args=[cast.enrolment.pk])
        )

        assert edits_url(entry) not in page.content.decode()

    def test_the_candidates_own_changes_page_links_to_the_mentors_view(self, cast, client_for):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
        edit(entry, bodies=["Rewritten later.", *BLANK])

        page = client_for(cast.candidate).get(
            reverse("entries:entry_changes", args=[entry.public_id])
        )

        assert f'href="{edits_url(entry)}">Each edit, one by one' in page.content.decode()

    def test_the_since_your_comment_page_links_to_every_change(self, cast, client_for):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
        comment(entry, cast.mentor)
        edit(entry, bodies=["Rewritten later.", *BLANK])

        page = client_for(cast.mentor).get(reverse("mentors:entry_changes", args=[entry.public_id]))

        assert f'href="{edits_url(entry)}"' in page.content.decode()


# --- What it shows -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
class TestWhatItShows:
    def test_each_edit_after_sharing_is_listed_and_the_draft_before_it_never(
        self, cast, client_for, every_save_an_edit
    ):
        entry = drafted_then_shared(cast.enrolment)
        edit(entry, bodies=[SHARED + " First afterthought.", *BLANK])
        edit(entry, bodies=[SHARED + " Second afterthought.", *BLANK])

        response = client_for(cast.mentor).get(edits_url(entry))

        page = response.content.decode()
        words = text(response)
        assert "2 edits since the entry was first shared" in words
        assert "Edit 1" in words and "Edit 2" in words
        assert "<ins> First afterthought.</ins>" in page
        assert "<del>First</del><ins>Second</ins> afterthought." in page
        assert not [word for word in DRAFT_WORDS if word in page]

    def test_edits_are_listed_without_any_comment_of_the_mentor(self, cast, client_for):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
        edit(entry, bodies=[SHARED.replace("agreed", "argued over"), *BLANK])

        response = client_for(cast.mentor).get(edits_url(entry))

        assert "<del>agreed</del><ins>argued over</ins>" in response.content.decode()
        assert "Only what changed after your first comment" not in text(response)

    def test_saves_close_together_are_one_edit_as_in_the_edit_record(self, cast, client_for):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
        edit(entry, bodies=[SHARED + " One.", *BLANK])
        edit(entry, bodies=[SHARED + " One. Two.", *BLANK])

        words = text(client_for(cast.mentor).get(edits_url(entry)))

        assert "1 edit since the entry was first shared" in words
        assert "(2 saves)" in words
        assert "Small correction" in words

    def test_edits_after_the_mentors_first_comment_are_marked(
        self, cast, client_for, every_save_an_edit
    ):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
        edit(entry, bodies=[SHARED + " Before the comment.", *BLANK])
        comment(Entry.objects.get(pk=entry.pk), cast.mentor)
        edit(entry, bodies=[SHARED + " After the comment.", *BLANK])

        response = client_for(cast.mentor).get(edits_url(entry))

        page = response.content.decode()
        assert page.count(">After your comment</span>") == 1
        assert page.index("Edit 2") < page.index(">After your comment</span>")
        assert "Only what changed after your first comment" in text(response)

    def test_an_edit_put_back_says_so(self, cast, client_for):
        entry = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
        edit(entry, bodies=["Something else entirely.", *BLANK])
        edit(entry, bodies=[SHARED, *BLANK])

        response = client_for(cast.mentor).get(edits_url(entry))

        words = text(response)
        assert "1 edit since the entry was first shared" in words
        assert "(2 saves)" in words
        assert "Changed and then put back" in words
        assert 'class="diff-text' not in response.content.decode()

    def test_an_entry_not_changed_since_sharing_says_so(self, cast, client_for):
        entry = drafted_then_shared(cast.enrolment)

        response = client_for(cast.mentor).get(edits_url(entry))

        assert "No changes: the entry reads as it did when it was first shared." in text(response)
        assert not [word for word in DRAFT_WORDS if word in response.content.decode()]


@pytest.mark.django_db(transaction=True)
class TestTheRecord:
    """entries.history.entry_changes_since_shared, below the page."""

    def changes(self, entry):
        entry = Entry.objects.get(pk=entry.pk)
        return entry_changes_since_shared(
            entry,
            first_shared_text=entry.first_shared_text,
            first_shared_at=entry.first_shared_at,
        )

    def test_the_first_edit_starts_from_the_text_as_shared(self, cast, every_save_an_edit):
        entry = drafted_then_shared(cast.enrolment)
        edit(entry, bodies=[SHARED + " More.", *BLANK])

        changes = self.changes(entry)

        assert changes.complete
        [only] = changes.edits
        assert [part.label for part in only.parts] == ["Issues"]
        assert str(only.parts[0].html) == SHARED + "<ins> More.</ins>"

    def test_shared_as_drafted_then_edited(self, cast, every_save_an_edit):
        entry = write(cast.enrolment, 3, share=False, bodies=[SHARED, *BLANK])
        entry = entry_save(
            enrolment=cast.enrolment,
            text=EntryText.from_entry(Entry.objects.get(pk=entry.pk)),
            entry=entry,
            version=Entry.objects.get(pk=entry.pk).version,
            share=True,
        )
        edit(entry, bodies=["Changed.", *BLANK])

        changes = self.changes(entry)

        assert changes.complete
        assert len(changes.edits) == 1

    def test_without_the_kept_versions_only_the_whole_change_is_shown(self, cast):
        entry = drafted_then_shared(cast.enrolment)
        edit(entry, bodies=[SHARED + " More.", *BLANK])
        TextRevision.objects.all().delete()

        changes = self.changes(entry)

        assert not changes.complete
        [only] = changes.edits
        assert only.last_saved_at is None
        assert not [word for word in DRAFT_WORDS if word in str(only.parts[0].html)]


@pytest.mark.django_db
def test_saves_in_one_transaction_never_reveal_the_draft(cast, client_for):
    """All in one transaction (one database time for every save): the saves
    cannot be told apart, so the page shows the change as a whole, and still
    nothing of the draft."""
    entry = drafted_then_shared(cast.enrolment)
    edit(entry, bodies=[SHARED + " More.", *BLANK])

    response = client_for(cast.mentor).get(edits_url(entry))

    words = text(response)
    assert "1 edit since the entry was first shared" in words
    assert "The individual saves of this entry were not kept" in words
    assert not [word for word in DRAFT_WORDS if word in response.content.decode()]


# --- Queries (STYLE.md 19) ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_page_reads_in_the_same_queries_for_one_edit_or_thirty(
    cast, client_for, every_save_an_edit
):
    """On top of the navigation's baseline, 5 queries: the entry through the
    access check (with its enrolment and people), its sections, all its kept
    versions, the audit trail's check that this read is already recorded
    (the page is opened once before counting, which records it) and the
    mentor's first comment. None per edit."""
    small = write(cast.enrolment, 3, bodies=[SHARED, *BLANK])
    edit(small, bodies=[SHARED + " 1.", *BLANK])
    large = write(cast.enrolment, 4, bodies=[SHARED, *BLANK])
    for n in range(30):
        edit(large, bodies=[SHARED + f" {n}.", f"note {n}", "", "", ""])
    client = client_for(cast.mentor)
    baseline = queries_for(client, reverse("password_change_done"))
    client.get(edits_url(small))  # records the read in the audit trail

    small_count = queries_for(client, edits_url(small))
    large_count = queries_for(client, edits_url(large))

    assert "30 edits since the entry was first shared" in text(client.get(edits_url(large)))
    assert small_count == large_count == baseline + 5
