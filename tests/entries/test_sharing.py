"""Sharing with the mentor, un-sharing, and the honest record of edits after sharing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from entries.models import Entry, EntryEdit, EntryStatus
from tests.entries.helpers import HEADINGS, form_data, write
from tests.factories import EnrolmentFactory

FIRST_TEXT = "The partners agred on ground rules after a long morning."


def share_url(entry):
    return reverse("entries:entry_share", args=[entry.public_id])


def unshare_url(entry):
    return reverse("entries:entry_unshare", args=[entry.public_id])


def edit_url(entry):
    return reverse("entries:entry_edit", args=[entry.public_id])


def changes_url(entry):
    return reverse("entries:entry_changes", args=[entry.public_id])


def detail_url(entry):
    return reverse("entries:entry_detail", args=[entry.public_id])


@pytest.fixture
def draft(headed):
    return write(headed.enrolment, 3, title="Ground rules", bodies=[FIRST_TEXT, "", "", "", ""])


@pytest.fixture
def shared(headed):
    return write(
        headed.enrolment, 3, title="Ground rules", bodies=[FIRST_TEXT, "", "", "", ""], share=True
    )


def edit(client, entry, sections, **extra):
    entry.refresh_from_db()
    return client.post(
        edit_url(entry),
        form_data(entry.week, title=entry.title, sections=sections, version=entry.version, **extra),
    )


@pytest.mark.django_db
class TestEntryShareFromTheEntryPage:
    def test_the_draft_page_offers_to_share(self, headed, draft, client_for):
        html = client_for(headed.candidate).get(detail_url(draft)).content.decode()

        assert "Private draft" in html
        assert f'action="{share_url(draft)}"' in html
        assert f'name="version" value="{draft.version}"' in html

    def test_posting_only_the_version_shares_the_saved_text(self, headed, draft, client_for):
        response = client_for(headed.candidate).post(
            share_url(draft), {"version": draft.version}, follow=True
        )

        draft.refresh_from_db()
        assert response.redirect_chain[-1][0] == detail_url(draft)
        assert "Shared with your mentor." in response.content.decode()
        assert draft.status == EntryStatus.SHARED
        assert draft.shared_at is not None
        assert draft.first_shared_at == draft.shared_at
        assert draft.first_shared_text == {
            "title": "Ground rules",
            "aims": "",
            "sections": [[h, FIRST_TEXT if h == "Issues" else ""] for h in HEADINGS],
        }
        assert draft.sections.get(position=0).body == FIRST_TEXT
        assert not draft.edited_after_sharing

    def test_a_stale_version_shares_nothing_and_says_why(self, headed, draft, client_for):
        client = client_for(headed.candidate)
        edit(client, draft, ["Changed in another tab."])

        response = client.post(share_url(draft), {"version": 1}, follow=True)

        draft.refresh_from_db()
        assert "changed in another window" in response.content.decode()
        assert draft.status == EntryStatus.DRAFT

    @pytest.mark.parametrize("version", ["", "abc", "²"])
    def test_a_missing_or_tampered_version_shares_nothing(self, headed, draft, client_for, version):
        response = client_for(headed.candidate).post(share_url(draft), {"version": version})

        draft.refresh_from_db()
        assert response.status_code == 302
        assert draft.status == EntryStatus.DRAFT

    def test_another_candidates_entry_is_404(self, headed, client_for):
        theirs = write(headed.enrolment2, 3)

        response = client_for(headed.candidate).post(share_url(theirs), {"version": 1})

        theirs.refresh_from_db()
        assert response.status_code == 404
        assert theirs.status == EntryStatus.DRAFT

    def test_the_mentor_cannot_share_a_draft(self, headed, draft, client_for):
        assert client_for(headed.mentor).post(share_url(draft), {"version": 1}).status_code == 404
        assert Entry.objects.get().status == EntryStatus.DRAFT

    def test_get_is_not_allowed(self, headed, draft, client_for):
        assert client_for(headed.candidate).get(share_url(draft)).status_code == 405


@pytest.mark.django_db
class TestEntryShareFromTheEditor:
    def test_the_posted_text_is_saved_and_shared(self, headed, draft, client_for):
        response = client_for(headed.candidate).post(
            share_url(draft),
            form_data(3, title="Ground rules", sections=["Final words."], version=draft.version),
        )

        draft.refresh_from_db()
        assert response.status_code == 302
        assert draft.status == EntryStatus.SHARED
        assert draft.sections.get(position=0).body == "Final words."
        assert draft.first_shared_text["sections"][0] == ["Issues", "Final words."]

    def test_invalid_text_is_neither_saved_nor_shared(self, headed, draft, client_for):
        response = client_for(headed.candidate).post(
            share_url(draft), form_data(3, sections=[], version=draft.version)
        )

        draft.refresh_from_db()
        assert response.status_code == 422
        assert draft.status == EntryStatus.DRAFT
        assert draft.sections.get(position=0).body == FIRST_TEXT

    def test_a_stale_version_is_a_conflict_and_shares_nothing(self, headed, draft, client_for):
        client = client_for(headed.candidate)
        edit(client, draft, ["Newer."])

        response = client.post(share_url(draft), form_data(3, sections=["Older."], version=1))

        draft.refresh_from_db()
        assert response.status_code == 409
        assert draft.status == EntryStatus.DRAFT
        assert draft.sections.get(position=0).body == "Newer."

    def test_a_new_entry_is_shared_from_the_editor(self, headed, client_for):
        client_for(headed.candidate).post(reverse("entries:entry_new_share"), form_data(3))

        assert Entry.objects.get().status == EntryStatus.SHARED


@pytest.mark.django_db
class TestEntryUnshare:
    def test_sharing_can_be_undone_before_the_mentor_comments(self, headed, shared, client_for):
        response = client_for(headed.candidate).post(unshare_url(shared), follow=True)

        shared.refresh_from_db()
        assert "This entry is a private draft again." in response.content.decode()
        assert shared.status == EntryStatus.DRAFT
        assert shared.shared_at is None
        assert shared.version == 2

    def test_the_entry_page_offers_to_undo_before_the_mentor_comments(
        self, headed, shared, client_for
    ):
        html = client_for(headed.candidate).get(detail_url(shared)).content.decode()

        assert "Make private again" in html

    def test_once_the_mentor_has_commented_it_stays_shared(self, headed, shared, client_for):
        Entry.objects.filter(pk=shared.pk).update(first_mentor_comment_at=timezone.now())

        response = client_for(headed.candidate).post(unshare_url(shared), follow=True)

        shared.refresh_from_db()
        html = response.content.decode()
        assert "Your mentor has already commented on this entry, so it stays shared." in html
        assert shared.status == EntryStatus.SHARED
        assert "Make private again" not in html

    def test_once_the_mentor_has_commented_it_cannot_be_binned(self, headed, shared, client_for):
        Entry.objects.filter(pk=shared.pk).update(first_mentor_comment_at=timezone.now())
        client = client_for(headed.candidate)
        delete_url = reverse("entries:entry_delete", args=[shared.public_id])

        assert delete_url not in client.get(detail_url(shared)).content.decode()
        response = client.post(delete_url, follow=True)

        html = response.content.decode()
        assert "Your mentor has commented on this entry, so it stays in your logbook." in html
        assert Entry.objects.filter(pk=shared.pk).exists()

    def test_before_the_mentor_comments_it_can_be_binned(self, headed, shared, client_for):
        client = client_for(headed.candidate)
        delete_url = reverse("entries:entry_delete", args=[shared.public_id])

        assert delete_url in client.get(detail_url(shared)).content.decode()
        client.post(delete_url)

        assert not Entry.objects.filter(pk=shared.pk).exists()

    def test_a_draft_cannot_be_unshared(self, headed, draft, client_for):
        client_for(headed.candidate).post(unshare_url(draft))

        draft.refresh_from_db()
        assert draft.status == EntryStatus.DRAFT
        assert draft.version == 1

    def test_an_unshared_entry_keeps_its_first_shared_text_and_can_be_shared_again(
        self, headed, shared, client_for
    ):
        client = client_for(headed.candidate)
        first_at = shared.first_shared_at
        client.post(unshare_url(shared))
        shared.refresh_from_db()

        client.post(share_url(shared), {"version": shared.version})

        shared.refresh_from_db()
        assert shared.status == EntryStatus.SHARED
        assert shared.first_shared_at == first_at
        assert shared.first_shared_text["sections"][0] == ["Issues", FIRST_TEXT]

    def test_another_candidates_entry_is_404(self, headed, client_for):
        theirs = write(headed.enrolment2, 3, share=True)

        assert client_for(headed.candidate).post(unshare_url(theirs)).status_code == 404
        theirs.refresh_from_db()
        assert theirs.status == EntryStatus.SHARED

    def test_the_mentor_cannot_unshare(self, headed, shared, client_for):
        assert client_for(headed.mentor).post(unshare_url(shared)).status_code == 404

    def test_get_is_not_allowed(self, headed, shared, client_for):
        assert client_for(headed.candidate).get(unshare_url(shared)).status_code == 405


@pytest.mark.django_db
class TestEditsAfterSharing:
    def test_a_draft_edit_is_not_recorded(self, headed, draft, client_for):
        edit(client_for(headed.candidate), draft, ["Something else entirely, rewritten."])

        draft.refresh_from_db()
        assert not draft.edited_after_sharing
        assert not EntryEdit.objects.exists()

    def test_a_typo_fix_is_recorded_as_a_small_correction(self, headed, shared, client_for):
        response = edit(
            client_for(headed.candidate), shared, [FIRST_TEXT.replace("agred", "agreed")]
        )

        shared.refresh_from_db()
        record = EntryEdit.objects.get()
        assert response.status_code == 302
        assert shared.status == EntryStatus.SHARED
        assert shared.edited_after_sharing
        assert not shared.substantive_edit_after_sharing
        assert record.kind == EntryEdit.Kind.CORRECTION
        assert 0 < record.chars_changed <= 40

    def test_a_big_change_is_recorded_as_substantive(self, headed, shared, client_for):
        afterthought = (
            " Looking back, the real reason was that the donor wanted a quick result, "
            "and I should have named that openly in the meeting."
        )

        edit(client_for(headed.candidate), shared, [FIRST_TEXT + afterthought])

        shared.refresh_from_db()
        record = EntryEdit.objects.get()
        assert shared.edited_after_sharing
        assert shared.substantive_edit_after_sharing
        assert record.kind == EntryEdit.Kind.SUBSTANTIVE
        assert record.chars_changed > 40

    def test_a_new_section_counts_as_a_change(self, headed, shared, client_for):
        edit(client_for(headed.candidate), shared, [FIRST_TEXT, "x" * 41])

        assert EntryEdit.objects.get().kind == EntryEdit.Kind.SUBSTANTIVE

    def test_saves_within_half_an_hour_count_as_one_edit(self, headed, shared, client_for):
        client = client_for(headed.candidate)
        edit(client, shared, [FIRST_TEXT.replace("agred", "agreed")])

        edit(client, shared, [FIRST_TEXT + " And a whole new paragraph of later thoughts."])

        record = EntryEdit.objects.get()
        assert record.kind == EntryEdit.Kind.SUBSTANTIVE

    def test_a_later_edit_is_a_new_record(self, headed, shared, client_for):
        client = client_for(headed.candidate)
        edit(client, shared, [FIRST_TEXT.replace("agred", "agreed")])
        EntryEdit.objects.update(edited_at=timezone.now() - timezone.timedelta(hours=2))

        edit(client, shared, [FIRST_TEXT.replace("agred", "agreed") + " Later thoughts."])

        assert EntryEdit.objects.count() == 2

    def test_the_first_shared_text_is_kept_unchanged_after_edits(self, headed, shared, client_for):
        client = client_for(headed.candidate)
        before = dict(shared.first_shared_text)

        edit(client, shared, ["Rewritten completely, the first version is gone."])
        edit(client, shared, ["And again, with more hindsight than before."], aims="New aims")

        shared.refresh_from_db()
        assert shared.first_shared_text == before
        assert shared.sections.get(position=0).body.startswith("And again")

    def test_saving_the_same_text_again_records_nothing(self, headed, shared, client_for):
        edit(client_for(headed.candidate), shared, [FIRST_TEXT])

        shared.refresh_from_db()
        assert not shared.edited_after_sharing
        assert not EntryEdit.objects.exists()

    def test_the_entry_page_says_edited_after_sharing(self, headed, shared, client_for):
        client = client_for(headed.candidate)
        edit(client, shared, [FIRST_TEXT.replace("agred", "agreed")])

        html = client.get(detail_url(shared)).content.decode()

        assert "Edited after sharing" in html
        assert "(small corrections)" in html
        assert changes_url(shared) in html

    def test_saving_a_shared_entry_does_not_call_it_a_private_draft(
        self, headed, shared, client_for
    ):
        client = client_for(headed.candidate)
        shared.refresh_from_db()
        response = client.post(
            edit_url(shared),
            form_data(3, title="Ground rules", sections=["Changed."], version=shared.version),
            follow=True,
        )

        html = response.content.decode()
        assert "Changes saved. Your mentor sees them" in html
        assert "Only you can see it" not in html

    def test_autosave_of_a_shared_entry_is_recorded_too(self, headed, shared, client_for):
        client_for(headed.candidate).post(
            reverse("entries:entry_autosave"),
            form_data(3, title="Ground rules", sections=["Changed."], entry=shared, version=1),
        )

        shared.refresh_from_db()
        assert shared.edited_after_sharing
        assert shared.status == EntryStatus.SHARED


@pytest.mark.django_db
class TestEntryChanges:
    def test_shows_deletions_and_insertions_against_the_first_shared_text(
        self, headed, shared, client_for
    ):
        client = client_for(headed.candidate)
        edit(client, shared, [FIRST_TEXT.replace("agred", "agreed")])

        response = client.get(changes_url(shared))

        html = response.content.decode()
        assert response.status_code == 200
        assert "<del>agred</del><ins>agreed</ins>" in html
        assert "Changes since first shared" in html
        assert "small correction" in html

    def test_text_in_the_diff_is_escaped(self, headed, shared, client_for):
        client = client_for(headed.candidate)
        edit(client, shared, [FIRST_TEXT + " <script>alert(1)</script>"])

        html = client.get(changes_url(shared)).content.decode()

        assert "&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html
        assert "<script>alert(1)" not in html

    def test_a_never_shared_entry_has_nothing_to_compare(self, headed, draft, client_for):
        response = client_for(headed.candidate).get(changes_url(draft), follow=True)

        assert response.redirect_chain[-1][0] == detail_url(draft)
        assert "nothing to compare" in response.content.decode()

    def test_another_candidates_entry_is_404(self, headed, client_for):
        theirs = write(headed.enrolment2, 3, share=True)

        assert client_for(headed.candidate).get(changes_url(theirs)).status_code == 404


@pytest.mark.django_db
class TestEntriesVisibleTo:
    @pytest.fixture
    def logbook(self, headed):
        return {
            "draft": write(headed.enrolment, 2),
            "shared": write(headed.enrolment, 3, share=True),
            "other_draft": write(headed.enrolment2, 2),
            "other_shared": write(headed.enrolment2, 3, share=True),
        }

    def visible(self, user):
        return set(Entry.objects.visible_to(user))

    def test_the_candidate_sees_their_own_drafts_and_shared_entries(self, headed, logbook):
        assert self.visible(headed.candidate) == {logbook["draft"], logbook["shared"]}

    def test_the_mentor_sees_shared_entries_and_no_drafts(self, headed, logbook):
        assert self.visible(headed.mentor) == {logbook["shared"]}

    def test_the_other_mentor_sees_only_their_own_mentees_shared_entries(self, headed, logbook):
        assert self.visible(headed.mentor2) == {logbook["other_shared"]}

    @pytest.mark.parametrize("person", ["examiner", "examiner2", "coordinator", "stranger"])
    def test_people_without_a_relation_see_none(self, headed, logbook, person):
        assert self.visible(getattr(headed, person)) == set()

    def test_anonymous_sees_none(self, headed, logbook):
        assert self.visible(AnonymousUser()) == set()

    def test_an_unshared_entry_disappears_for_the_mentor(self, headed, logbook, client_for):
        client_for(headed.candidate).post(unshare_url(logbook["shared"]))

        assert self.visible(headed.mentor) == set()

    def test_a_replaced_mentor_sees_nothing_and_the_new_one_sees_shared(self, headed, logbook):
        headed.enrolment.mentor = headed.mentor2
        headed.enrolment.save()

        assert self.visible(headed.mentor) == set()
        assert self.visible(headed.mentor2) == {logbook["shared"], logbook["other_shared"]}

    def test_a_mentor_who_is_also_a_candidate_sees_their_own_drafts_only(self, headed, logbook):
        own = EnrolmentFactory(candidate=headed.mentor)
        own.headings.create(title="Notes", position=0)
        mine = write(own, 1)

        assert self.visible(headed.mentor) == {logbook["shared"], mine}

    def test_owned_by_is_only_the_candidates_own(self, headed, logbook):
        assert set(Entry.objects.owned_by(headed.mentor)) == set()
        assert set(Entry.objects.owned_by(headed.candidate)) == {
            logbook["draft"],
            logbook["shared"],
        }
