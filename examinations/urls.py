from django.urls import path

from examinations.views import candidate, coordinator, examiner, mentor, progress, reading

app_name = "examinations"

urlpatterns = [
    # Examiner
    path("", examiner.home, name="home"),
    # Candidate
    path("my/", candidate.candidate_home, name="candidate_home"),
    path("my/paper/", candidate.paper_edit, name="paper_edit"),
    path("my/paper/autosave/", candidate.paper_autosave, name="paper_autosave"),
    path("my/paper/preview/", candidate.paper_preview, name="paper_preview"),
    path("my/submit/", candidate.submit, name="submit"),
    path("my/submit/confirm/", candidate.submit_confirm, name="submit_confirm"),
    # Mentor
    path("mentees/", mentor.mentor_home, name="mentor_home"),
    # Reading a submission (candidate, mentor, assigned examiners)
    path("submissions/<uuid:public_id>/", reading.reading, name="reading"),
    path("submissions/<uuid:public_id>/receipt/", reading.receipt, name="receipt"),
    path("submissions/<uuid:public_id>/result/", reading.result, name="result"),
    path("submissions/<uuid:public_id>/pdf/", reading.submission_pdf, name="pdf"),
    path(
        "submissions/<uuid:public_id>/position/",
        reading.reading_position,
        name="reading_position",
    ),
    path(
        "submissions/<uuid:public_id>/notes/<str:section>/",
        reading.examiner_note,
        name="examiner_note",
    ),
    path("submissions/<uuid:public_id>/compare/", reading.compare, name="compare"),
    path(
        "submissions/<uuid:public_id>/entries/<int:position>/changes/",
        reading.entry_changes,
        name="entry_changes",
    ),
    path("submissions/<uuid:public_id>/assess/", examiner.assess, name="assess"),
    path("submissions/<uuid:public_id>/mentor-report/", mentor.mentor_report, name="mentor_report"),
    # Coordinator
    path("manage/", coordinator.submission_list, name="submission_list"),
    path("manage/criteria/", coordinator.criteria, name="criteria"),
    path("manage/overdue/", coordinator.overdue, name="overdue"),
    path("manage/cohorts/<int:pk>/marking/", coordinator.marking_scheme, name="marking_scheme"),
    path("manage/cohorts/<int:pk>/release/", coordinator.cohort_release, name="cohort_release"),
    path("manage/cohorts/<int:pk>/marks.csv", coordinator.marks_csv, name="marks_csv"),
    path("manage/cohorts/<int:pk>/progress/", progress.cohort_progress, name="cohort_progress"),
    path(
        "manage/cohorts/<int:pk>/progress.csv",
        progress.cohort_progress_csv,
        name="cohort_progress_csv",
    ),
    path("manage/<uuid:public_id>/", coordinator.submission_manage, name="submission_manage"),
    path("manage/<uuid:public_id>/decision/", coordinator.decision_record, name="decision_record"),
    path("manage/<uuid:public_id>/release/", coordinator.result_release, name="result_release"),
    path(
        "manage/<uuid:public_id>/examiners/<int:examiner_id>/remove/",
        coordinator.examiner_unassign,
        name="examiner_unassign",
    ),
    path(
        "manage/<uuid:public_id>/examiners/<int:examiner_id>/due/",
        coordinator.due_date_set,
        name="due_date_set",
    ),
    path(
        "manage/<uuid:public_id>/examiners/keep/",
        coordinator.examiners_keep,
        name="examiners_keep",
    ),
]
