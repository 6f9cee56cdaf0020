"""Mentoring and the review conversation.

Two rooms, named for what they are: a mentor's mentees under ``mentees/``,
and the conversation on one shared entry, which belongs to the candidate and
their mentor alike, under ``conversations/<entry>/``. Mounted at the site's
root so each keeps its own prefix under one namespace ("mentors:").
"""

from django.urls import path, re_path

from library.moved import moved_to
from mentors import views

app_name = "mentors"

conversation = "conversations/<uuid:public_id>/"
comment = "conversations/comments/<uuid:public_id>/"

urlpatterns = [
    # A mentor's mentees
    path("mentees/", views.dashboard, name="dashboard"),
    path("mentees/<int:enrolment_id>/", views.mentee_logbook, name="mentee_logbook"),
    path("mentees/<int:enrolment_id>/heading/", views.mentee_heading, name="mentee_heading"),
    # The review conversation (candidate and mentor)
    path(conversation, views.entry_review, name="entry_review"),
    path(conversation + "comments/", views.comment_create, name="comment_create"),
    path(conversation + "reviewed/", views.entry_mark_reviewed, name="entry_reviewed"),
    path(conversation + "changes/", views.entry_changes_since_comment, name="entry_changes"),
    # Every change since the entry was first shared (hindsight honesty).
    path(conversation + "edits/", views.entry_edits, name="entry_edits"),
    path(comment + "edit/", views.comment_edit, name="comment_edit"),
    path(comment + "resolve/", views.thread_resolve, name="thread_resolve"),
    path(comment + "reopen/", views.thread_reopen, name="thread_reopen"),
    # The conversation lived under /mentees/ until December 2026: links in
    # emails already sent, and forms in tabs opened before, still arrive there.
    re_path(
        r"^mentees/entries/(?P<rest>.*)$",
        moved_to("/conversations/"),
        name="moved_conversation",
    ),
    re_path(
        r"^mentees/comments/(?P<rest>.*)$",
        moved_to("/conversations/comments/"),
        name="moved_comment",
    ),
]
