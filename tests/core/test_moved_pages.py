"""Pages that moved keep their old paths as permanent redirects (library.moved).

The review conversation moved from /mentees/entries/ to /conversations/ and
research consent from /enquiry/consent/ to /research-consent/ (issue 18:
names that show the design). Links in emails already sent and forms in tabs
opened before the move must still arrive, and the old path must reveal
nothing the new one would not.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from mentors.models import Comment
from pbas_logbook.models import Notification, NotificationKind
from tests.access_matrix import _review_entry

pytestmark = pytest.mark.django_db


def test_the_new_paths_name_the_rooms(cast):
    entry = _review_entry(cast)
    assert reverse("mentors:dashboard") == "/mentees/"
    assert reverse("mentors:entry_review", args=[entry.public_id]) == (
        f"/conversations/{entry.public_id}/"
    )
    assert reverse("research:consent") == "/research-consent/"
    assert reverse("research:home") == "/enquiry/"


def test_an_old_conversation_link_redirects_with_its_fragment_target_and_query(client, cast):
    client.force_login(cast.mentor)
    response = client.get("/mentees/entries/0b7c9d3e-1111-4222-8333-944455556666/?from=email")
    assert response.status_code == 308
    assert response["Location"] == (
        "/conversations/0b7c9d3e-1111-4222-8333-944455556666/?from=email"
    )


def test_a_comment_posted_to_the_old_path_still_arrives(client, cast):
    """308 keeps the method and the body: the browser posts again to the new path."""
    entry = _review_entry(cast)
    client.force_login(cast.mentor)
    old = f"/mentees/entries/{entry.public_id}/comments/"
    response = client.post(old, {"body": "What did you try first?"}, follow=True)
    assert response.redirect_chain[0] == (f"/conversations/{entry.public_id}/comments/", 308)
    assert Comment.objects.filter(entry=entry, body="What did you try first?").count() == 1


def test_the_old_path_reveals_nothing_the_new_one_would_not(client, cast):
    entry = _review_entry(cast)
    client.force_login(cast.mentor2)
    response = client.get(f"/mentees/entries/{entry.public_id}/", follow=True)
    assert response.status_code == 404
    client.logout()
    response = client.get(f"/mentees/entries/{entry.public_id}/")
    # Sign-in first, as everywhere; the old path then redirects once more.
    assert response["Location"].startswith("/accounts/login/?next=/mentees/entries/")


def test_old_consent_paths_redirect(client, cast):
    client.force_login(cast.candidate)
    response = client.get(f"/enquiry/consent/{cast.enrolment.pk}/preview/")
    assert response.status_code == 308
    assert response["Location"] == f"/research-consent/{cast.enrolment.pk}/preview/"
    assert client.get("/enquiry/consent/", follow=True).status_code == 200


def test_stored_notification_links_are_rewritten(cast):
    """The data migration moves stored links, so opening the new page still
    marks its notices read (notifications.notices.mark_read_for_page)."""
    migration = importlib.import_module("pbas_logbook.migrations.0011_notification_links_moved")
    made = [
        Notification.objects.create(
            recipient=cast.candidate, kind=NotificationKind.COMMENT, message="m", url=url
        )
        for url in (
            "/mentees/entries/abc/#comment-1",
            "/mentees/comments/def/edit/",
            "/enquiry/consent/",
            "/enquiry/projects/x/",
            "/logbook/",
        )
    ]
    migration.forwards(django_apps, None)
    assert [Notification.objects.get(pk=n.pk).url for n in made] == [
        "/conversations/abc/#comment-1",
        "/conversations/comments/def/edit/",
        "/research-consent/",
        "/enquiry/projects/x/",
        "/logbook/",
    ]
    migration.backwards(django_apps, None)
    assert [Notification.objects.get(pk=n.pk).url for n in made] == [n.url for n in made]
