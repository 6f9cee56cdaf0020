from django.urls import path

from entries import export_views, search_views, views

app_name = "entries"

urlpatterns = [
    path("", views.home, name="home"),
    # Writing
    path("entries/new/", views.entry_new, name="entry_new"),
    path("entries/new/share/", views.entry_new_share, name="entry_new_share"),
    path("entries/autosave/", views.entry_autosave, name="entry_autosave"),
    path("entries/preview/", views.preview, name="preview"),
    path("entries/<uuid:public_id>/", views.entry_detail, name="entry_detail"),
    path("entries/<uuid:public_id>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<uuid:public_id>/share/", views.entry_share, name="entry_share"),
    path("entries/<uuid:public_id>/unshare/", views.entry_unshare, name="entry_unshare"),
    path("entries/<uuid:public_id>/changes/", views.entry_changes, name="entry_changes"),
    path("entries/<uuid:public_id>/history/", views.entry_history, name="entry_history"),
    path(
        "entries/<uuid:public_id>/history/restore/",
        views.entry_history_restore,
        name="entry_history_restore",
    ),
    path("entries/<uuid:public_id>/delete/", views.entry_delete, name="entry_delete"),
    path("entries/<uuid:public_id>/undelete/", views.entry_undelete, name="entry_undelete"),
    path("bin/", views.bin, name="bin"),
    # Headings
    path("headings/", views.headings, name="headings"),
    path("headings/preset/", views.heading_preset, name="heading_preset"),
    path("headings/add/", views.heading_add, name="heading_add"),
    path("headings/<int:pk>/", views.heading_update, name="heading_update"),
    path("headings/<int:pk>/move/", views.heading_move, name="heading_move"),
    path("headings/<int:pk>/delete/", views.heading_delete, name="heading_delete"),
    path("readers/", views.readers, name="readers"),
    # Partnerships
    path("partnerships/", views.partnerships, name="partnerships"),
    path("partnerships/<int:pk>/", views.partnership_edit, name="partnership_edit"),
    path("partnerships/<int:pk>/delete/", views.partnership_delete, name="partnership_delete"),
    # Search and export: see entries/search_views.py and entries/export_views.py
    path("search/", search_views.search, name="search"),
    path("headings/read/", search_views.heading_across, name="heading_across"),
    path("export/", export_views.export, name="export"),
    path("export/logbook.md", export_views.export_markdown, name="export_markdown"),
    path("export/logbook.zip", export_views.export_zip, name="export_zip"),
    path("export/logbook.pdf", export_views.export_pdf, name="export_pdf"),
]
