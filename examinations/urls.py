from django.urls import path

from examinations import views

app_name = "examinations"

urlpatterns = [
    # Examiner
    path("", views.home, name="home"),
    # Candidate
    path("my/", views.candidate_home, name="candidate_home"),
    path("my/paper/", views.paper_edit, name="paper_edit"),
    path("my/paper/autosave/", views.paper_autosave, name="paper_autosave"),
    path("my/paper/preview/", views.paper_preview, name="paper_preview"),
    path("my/submit/", views.submit, name="submit"),
    path("my/submit/confirm/", views.submit_confirm, name="submit_confirm"),
    path("mentees/", views.mentor_home, name="mentor_home"),
    # Reading a submission (candidate, mentor, assigned examiners)
    path("submissions/<uuid:public_id>/", views.reading, name="reading"),
    path("submissions/<uuid:public_id>/receipt/", views.receipt, name="receipt"),
    path("submissions/<uuid:public_id>/result/", views.result, name="result"),
    path("submissions/<uuid:public_id>/pdf/", views.submission_pdf, name="pdf"),
    path("submissions/<uuid:public_id>/compare/", views.compare, name="compare"),
    path(
        "submissions/<uuid:public_id>/entries/<int:position>/changes/",
        views.entry_changes,
        name="entry_changes",
    ),
    path("submissions/<uuid:public_id>/assess/", views.assess, name="assess"),
    path("submissions/<uuid:public_id>/mentor-report/", views.mentor_report, name="mentor_report"),
    # Coordinator
    path("manage/", views.submission_list, name="submission_list"),
    path("manage/criteria/", views.criteria, name="criteria"),
    path("manage/<uuid:public_id>/", views.submission_manage, name="submission_manage"),
    path("manage/<uuid:public_id>/decision/", views.decision_record, name="decision_record"),
    path(
        "manage/<uuid:public_id>/examiners/<int:examiner_id>/remove/",
        views.examiner_unassign,
        name="examiner_unassign",
    ),
]
