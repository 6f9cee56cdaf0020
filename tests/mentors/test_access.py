"""Who may open each mentor-review and notification URL (STYLE.md 18).

tests/access_matrix.py checks every role against one object per URL; this
module adds the cases that need more set-up: drafts, comments on drafts,
missing ids and every POST-only view refusing GET.
"""

import pytest
from django.urls import reverse

from entries.services import entry_delete, entry_unshare
from pbas_logbook.models import Notification
from tests.mentors.conftest import comment, write

pytestmark = pytest.mark.django_db

UNRELATED = ["candidate2", "mentor2", "examiner", "coordinator", "stranger"]


@pytest.fixture
def objects(cast):
    entry = write(cast.enrolment, 3)
    thread = comment(entry, cast.mentor)
    return {
        "enrolment": cast.enrolment.pk,
        "entry": entry.public_id,
        "comment": thread.public_id,
        "notice": Notification.objects.get(recipient=cast.candidate).pk,
    }


# name -> (argument key or None, POST only?)
URLS = {
    "mentors:dashboard": (None, False),
    "mentors:mentee_logbook": ("enrolment", False),
    "mentors:mentee_heading": ("enrolment", False),
    "mentors:entry_review": ("entry", False),
    "mentors:entry_changes": ("entry", False),
    "mentors:comment_create": ("entry", True),
    "mentors:entry_reviewed": ("entry", True),
    "mentors:comment_edit": ("comment", False),
    "mentors:thread_resolve": ("comment", True),
    "mentors:thread_reopen": ("comment", True),
    "notifications": (None, False),
    "notification_open": ("notice", True),
    "notification_read_all": (None, True),
    "notification_preferences": (None, True),
}
WITH_OBJECT = [name for name, (key, _) in URLS.items() if key and key != "notice"]


def url_for(name, objects):
    key, _ = URLS[name]
    return reverse(name, args=[objects[key]] if key else [])


class TestAnonymous:
    @pytest.mark.parametrize("name", URLS)
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_anonymous_is_sent_to_log_in(self, client, objects, name, method):
        url = url_for(name, objects)

        response = getattr(client, method)(url)

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


class TestPostOnly:
    @pytest.mark.parametrize("name", [n for n, (_, post_only) in URLS.items() if post_only])
    @pytest.mark.parametrize("person", ["candidate", "mentor", "stranger"])
    def test_get_on_a_post_only_view_is_405(self, cast, client_for, objects, name, person):
        response = client_for(getattr(cast, person)).get(url_for(name, objects))

        assert response.status_code == 405


class TestUnrelatedPeople:
    @pytest.mark.parametrize("name", WITH_OBJECT)
    @pytest.mark.parametrize("person", UNRELATED)
    def test_unrelated_people_get_404(self, cast, client_for, objects, name, person):
        _, post_only = URLS[name]
        client = client_for(getattr(cast, person))
        url = url_for(name, objects)

        response = client.post(url, {"body": "x"}) if post_only else client.get(url)

        assert response.status_code == 404

    @pytest.mark.parametrize("person", ["mentor", "candidate2", "stranger"])
    def test_another_persons_notice_is_404(self, cast, client_for, objects, person):
        response = client_for(getattr(cast, person)).post(url_for("notification_open", objects))

        assert response.status_code == 404

    @pytest.mark.parametrize("name", WITH_OBJECT)
    def test_a_missing_object_is_the_same_404(self, cast, client_for, objects, name):
        key, post_only = URLS[name]
        missing = {**objects, "enrolment": 999_999}
        missing["entry"] = missing["comment"] = "00000000-0000-4000-8000-000000000000"
        client = client_for(cast.mentor)
        url = url_for(name, missing)

        response = client.post(url, {"body": "x"}) if post_only else client.get(url)

        assert response.status_code == 404


class TestDrafts:
    @pytest.mark.parametrize(
        "name", ["mentors:entry_review", "mentors:entry_changes", "mentors:entry_reviewed"]
    )
    def test_the_mentor_gets_404_for_a_draft(self, cast, client_for, name):
        draft = write(cast.enrolment, 4, share=False)
        url = reverse(name, args=[draft.public_id])
        client = client_for(cast.mentor)

        response = client.post(url) if name == "mentors:entry_reviewed" else client.get(url)

        assert response.status_code == 404

    def test_the_candidate_has_no_conversation_page_for_a_draft(self, cast, client_for):
        draft = write(cast.enrolment, 4, share=False)

        response = client_for(cast.candidate).get(
            reverse("mentors:entry_review", args=[draft.public_id])
        )

        assert response.status_code == 404

    @pytest.mark.parametrize(
        "name", ["mentors:comment_edit", "mentors:thread_resolve", "mentors:thread_reopen"]
    )
    def test_comments_on_an_unshared_entry_are_out_of_reach(self, cast, client_for, name):
        entry = write(cast.enrolment, 4)
        note = comment(entry, cast.candidate, "A note before my mentor reads it")
        entry_unshare(entry=entry)
        client = client_for(cast.mentor)
        url = reverse(name, args=[note.public_id])

        response = client.get(url) if name == "mentors:comment_edit" else client.post(url)

        assert response.status_code == 404


class TestDeletedEntries:
    @pytest.mark.parametrize(
        "name", ["mentors:comment_edit", "mentors:thread_resolve", "mentors:thread_reopen"]
    )
    @pytest.mark.parametrize("person", ["candidate", "mentor"])
    def test_comments_on_a_deleted_entry_are_out_of_reach(self, cast, client_for, name, person):
        entry = write(cast.enrolment, 4)
        posted = comment(entry, getattr(cast, person), "Written before the entry was binned")
        entry_delete(entry=entry)
        client = client_for(getattr(cast, person))
        url = reverse(name, args=[posted.public_id])

        response = client.get(url) if name == "mentors:comment_edit" else client.post(url)

        assert response.status_code == 404

    def test_the_conversation_of_a_deleted_entry_is_gone(self, cast, client_for):
        entry = write(cast.enrolment, 4)
        comment(entry, cast.mentor)
        entry_delete(entry=entry)

        for person in (cast.candidate, cast.mentor):
            response = client_for(person).get(
                reverse("mentors:entry_review", args=[entry.public_id])
            )
            assert response.status_code == 404


class TestWrongRole:
    def test_the_candidate_marking_reviewed_gets_403(self, cast, client_for, objects):
        response = client_for(cast.candidate).post(url_for("mentors:entry_reviewed", objects))

        assert response.status_code == 403

    def test_the_candidate_opening_the_mentors_changes_page_gets_403(
        self, cast, client_for, objects
    ):
        response = client_for(cast.candidate).get(url_for("mentors:entry_changes", objects))

        assert response.status_code == 403

    def test_the_candidate_editing_the_mentors_comment_gets_403(self, cast, client_for, objects):
        response = client_for(cast.candidate).get(url_for("mentors:comment_edit", objects))

        assert response.status_code == 403

    @pytest.mark.parametrize("person", ["candidate", "mentor"])
    def test_both_parties_open_the_conversation(self, cast, client_for, objects, person):
        response = client_for(getattr(cast, person)).get(url_for("mentors:entry_review", objects))

        assert response.status_code == 200
