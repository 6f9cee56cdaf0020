from django.urls import path

from mentors import views

app_name = "mentors"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:enrolment_id>/", views.mentee_logbook, name="mentee_logbook"),
    path("<int:enrolment_id>/heading/", views.mentee_heading, name="mentee_heading"),
    # The review conversation (candidate and mentor)
    path("entries/<uuid:public_id>/", views.entry_review, name="entry_review"),
    path("entries/<uuid:public_id>/comments/", views.comment_create, name="comment_create"),
    path("entries/<uuid:public_id>/reviewed/", views.entry_mark_reviewed, name="entry_reviewed"),
    path(
        "entries/<uuid:public_id>/changes/",
        views.entry_changes_since_comment,
        name="entry_changes",
    ),
    # Every change since the entry was first shared (hindsight honesty).
    path("entries/<uuid:public_id>/edits/", views.entry_edits, name="entry_edits"),
    path("comments/<uuid:public_id>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<uuid:public_id>/resolve/", views.thread_resolve, name="thread_resolve"),
    path("comments/<uuid:public_id>/reopen/", views.thread_reopen, name="thread_reopen"),
]
