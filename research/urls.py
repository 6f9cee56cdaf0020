"""The enquiry, and each candidate's choice about it.

Two rooms under one namespace ("research:"), mounted at the site's root so
each has its own prefix: the researcher's enquiry under ``enquiry/``, and the
candidate's own research consent under ``research-consent/``, which is part
of their logbook, not of the researcher's pages.
"""

from django.urls import path, re_path

from library.moved import moved_to
from research import consent_views, views

app_name = "research"

project = "enquiry/projects/<uuid:public_id>/"
consent = "research-consent/"

urlpatterns = [
    # Researchers (403 for every other role)
    path("enquiry/", views.home, name="home"),
    path("enquiry/projects/new/", views.project_create, name="project_create"),
    path(project, views.project_detail, name="project_detail"),
    path(project + "search/", views.search, name="search"),
    path(project + "extracts/<uuid:token>/", views.extract_detail, name="extract_detail"),
    path(project + "extracts/<uuid:token>/code/", views.extract_code, name="extract_code"),
    path(project + "coding/", views.coding_list, name="coding_list"),
    path(project + "codebook/", views.codebook, name="codebook"),
    path(project + "codebook/new/", views.theme_create, name="theme_create"),
    path(project + "agreement/", views.agreement, name="agreement"),
    path(project + "export/", views.export, name="export"),
    path(project + "export/coded.csv", views.export_csv, name="export_csv"),
    path(project + "export/coded.json", views.export_json, name="export_json"),
    path(project + "export/themes.csv", views.export_summary_csv, name="export_summary_csv"),
    # Candidates: their own research choice
    path(consent, consent_views.consent, name="consent"),
    path(consent + "<int:enrolment_id>/", consent_views.consent_update, name="consent_update"),
    path(
        consent + "<int:enrolment_id>/words/",
        consent_views.mask_words_update,
        name="mask_words_update",
    ),
    path(
        consent + "<int:enrolment_id>/preview/",
        consent_views.consent_preview,
        name="consent_preview",
    ),
    # Consent lived under /enquiry/consent/ until December 2026 (emails and
    # open tabs still point there).
    re_path(
        r"^enquiry/consent/(?P<rest>.*)$", moved_to("/research-consent/"), name="moved_consent"
    ),
]
