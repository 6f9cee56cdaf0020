"""A new entry is made once (STYLE.md 23): a double click on "Share with
mentor", an autosave racing Save draft, or a duplicated tab all carry the id
the editor gave the new entry, and every save with that id lands on one row."""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from entries.models import Entry
from entries.services import headings_apply_preset
from tests.entries.helpers import form_data

AUTOSAVE = reverse("entries:entry_autosave")
NEW = reverse("entries:entry_new")
NEW_SHARE = reverse("entries:entry_new_share")


def new_entry_form(client) -> str:
    """The id the editor page gives its new entry."""
    html = client.get(NEW).content.decode()
    marker = 'name="new_entry" id="new-entry-id" value="'
    assert marker in html
    return html.split(marker, 1)[1].split('"', 1)[0]


@pytest.mark.django_db
class TestOneEntryPerEditorPage:
    def test_the_editor_names_its_new_entry_and_each_page_gets_its_own_name(
        self, headed, client_for
    ):
        client = client_for(headed.candidate)
        first, second = new_entry_form(client), new_entry_form(client)

        assert uuid.UUID(first) != uuid.UUID(second)

    def test_an_autosave_then_share_from_the_same_page_make_one_shared_entry(
        self, headed, client_for
    ):
        client = client_for(headed.candidate)
        new_id = new_entry_form(client)
        data = form_data(3, sections=["We met the water board."], new_entry=new_id)

        client.post(AUTOSAVE, data)
        response = client.post(NEW_SHARE, data)

        entry = Entry.objects.get()
        assert str(entry.public_id) == new_id
        assert entry.status == "shared"
        assert response.status_code == 302

    def test_a_double_click_on_share_makes_one_entry_and_one_email(self, headed, client_for):
        client = client_for(headed.candidate)
        new_id = new_entry_form(client)
        data = form_data(3, sections=["We met the water board."], new_entry=new_id)

        first = client.post(NEW_SHARE, data)
        second = client.post(NEW_SHARE, data)

        assert Entry.objects.count() == 1
        assert first.status_code == second.status_code == 302
        assert first["Location"] == second["Location"]
        assert len([m for m in mail.outbox if headed.mentor.email in m.to]) <= 1

    def test_save_draft_after_an_autosave_updates_that_draft_with_the_newer_text(
        self, headed, client_for
    ):
        client = client_for(headed.candidate)
        new_id = new_entry_form(client)
        client.post(AUTOSAVE, form_data(3, sections=["First half"], new_entry=new_id))

        client.post(NEW, form_data(3, sections=["First half, and the rest"], new_entry=new_id))

        entry = Entry.objects.get()
        assert entry.sections.get(position=0).body == "First half, and the rest"

    def test_a_new_page_save_that_differs_from_an_entry_edited_since_is_a_conflict(
        self, headed, client_for
    ):
        """The id's entry moved on elsewhere (another tab kept editing it):
        a late save from the first page shows the conflict, never overwrites."""
        client = client_for(headed.candidate)
        new_id = new_entry_form(client)
        client.post(AUTOSAVE, form_data(3, sections=["v1"], new_entry=new_id))
        entry = Entry.objects.get()
        client.post(AUTOSAVE, form_data(3, sections=["v2"], entry=entry, version=entry.version))

        response = client.post(NEW, form_data(3, sections=["stale"], new_entry=new_id))

        assert response.status_code == 409
        assert Entry.objects.get().sections.get(position=0).body == "v2"
        assert "Nothing was overwritten" in response.content.decode()

    def test_a_refused_save_keeps_the_pages_id_for_the_next_one(self, headed, client_for):
        client = client_for(headed.candidate)
        new_id = new_entry_form(client)

        response = client.post(NEW, form_data(3, sections=[""], new_entry=new_id))

        assert response.status_code == 422
        assert f'name="new_entry" id="new-entry-id" value="{new_id}"' in response.content.decode()

    def test_another_candidates_entry_id_is_refused_and_left_alone(self, headed, client_for):
        other = client_for(headed.candidate2)
        theirs = new_entry_form(other)
        other.post(AUTOSAVE, form_data(3, sections=["Theirs"], new_entry=theirs))

        response = client_for(headed.candidate).post(
            AUTOSAVE, form_data(3, sections=["Mine"], new_entry=theirs)
        )

        assert response.status_code == 422
        assert "out of date" in response.content.decode()
        assert Entry.objects.get().sections.get(position=0).body == "Theirs"

    def test_an_entry_moved_to_the_bin_is_not_written_through_its_old_page(
        self, headed, client_for
    ):
        client = client_for(headed.candidate)
        new_id = new_entry_form(client)
        client.post(AUTOSAVE, form_data(3, sections=["Draft"], new_entry=new_id))
        entry = Entry.objects.get()
        client.post(reverse("entries:entry_delete", args=[entry.public_id]))

        response = client.post(NEW, form_data(3, sections=["Later"], new_entry=new_id))

        assert response.status_code == 422
        assert "moved to the bin" in response.content.decode()
        assert Entry.all_objects.count() == 1

    def test_a_forged_id_is_ignored_and_the_entry_still_saves(self, headed, client_for):
        response = client_for(headed.candidate).post(
            AUTOSAVE, form_data(3, sections=["Hello"], new_entry="not-a-uuid\x00")
        )

        assert response.status_code == 200
        assert Entry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
class TestConcurrentSavesOfANewEntry:
    """Real concurrency: each request on its own thread and database
    connection, released together, so the saves overlap in PostgreSQL."""

    def _race(self, user, posts):
        barrier = threading.Barrier(len(posts))
        answers = [None] * len(posts)

        def send(index, url, data):
            client = Client()
            client.force_login(user)
            barrier.wait()
            try:
                answers[index] = client.post(url, data).status_code
            finally:
                connection.close()

        threads = [
            threading.Thread(target=send, args=(i, url, data))
            for i, (url, data) in enumerate(posts)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        return answers

    def test_autosave_save_and_two_shares_at_once_make_one_shared_entry(self, cast, settings):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        headings_apply_preset(enrolment=cast.enrolment, key="short")
        new_id = str(uuid.uuid4())
        data = form_data(3, sections=["Double clicked"], new_entry=new_id)

        answers = self._race(
            cast.candidate,
            [(AUTOSAVE, data), (NEW_SHARE, data), (NEW_SHARE, data), (NEW, data)],
        )

        assert Entry.all_objects.filter(enrolment=cast.enrolment).count() == 1
        entry = Entry.objects.get()
        assert str(entry.public_id) == new_id
        assert entry.sections.get(position=0).body == "Double clicked"
        assert all(code in (200, 302) for code in answers), answers
        assert entry.status == "shared"


@pytest.mark.django_db
class TestSavingTheSameTextTwice:
    def test_a_double_click_on_share_in_the_editor_of_a_draft_is_not_a_conflict(
        self, headed, client_for
    ):
        client = client_for(headed.candidate)
        client.post(AUTOSAVE, form_data(3, sections=["Ready"], new_entry=str(uuid.uuid4())))
        draft = Entry.objects.get()
        data = form_data(3, sections=["Ready"], entry=draft, version=draft.version)
        share = reverse("entries:entry_share", args=[draft.public_id])

        first = client.post(share, data)
        second = client.post(share, data)

        assert first.status_code == second.status_code == 302
        assert Entry.objects.get().status == "shared"

    def test_a_different_text_at_an_old_version_is_still_a_conflict(self, headed, client_for):
        client = client_for(headed.candidate)
        client.post(AUTOSAVE, form_data(3, sections=["One"], new_entry=str(uuid.uuid4())))
        draft = Entry.objects.get()
        client.post(AUTOSAVE, form_data(3, sections=["Two"], entry=draft, version=draft.version))

        response = client.post(
            AUTOSAVE, form_data(3, sections=["Three"], entry=draft, version=draft.version)
        )

        assert response.status_code == 409
        assert Entry.objects.get().sections.get(position=0).body == "Two"
