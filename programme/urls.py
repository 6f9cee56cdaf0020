"""The coordinator's pages, under /coordinator/ (namespace "coordinator")."""

from django.urls import path

from programme import views

app_name = "coordinator"

urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/reinvite/", views.person_reinvite, name="person_reinvite"),
    path("enrolments/new/", views.enrolment_create, name="enrolment_create"),
    path("audit/", views.audit_trail, name="audit_trail"),
    path(
        "enrolments/<int:pk>/mentor/",
        views.enrolment_mentor,
        name="enrolment_mentor",
    ),
]
