"""The mentor's examination pages: their mentees' submissions and the
mentor's report on one of them."""

from functools import partial

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from examinations import access as exam_access
from examinations import assessing, marking, release, selectors, services
from examinations.forms import MentorReportForm
from examinations.views._common import _joined, _notes_form_page
from library.posted import posted
from pbas_logbook.models import Role


@require_GET
def mentor_home(request):
    """Mentors: their mentees' submissions, with the state of their reports.
    People who mentor nobody see an empty list."""
    submissions = list(
        exam_access.submissions_for(request.user, as_=Role.MENTOR)
        .select_related("enrolment__candidate", "decision__release", "mentor_report")
        .order_by("-submitted_at")
    )
    for s in submissions:
        s.seen_decision = release.decision_seen_by(_joined(s, "decision"), Role.MENTOR)
    return render(request, "examinations/mentor_home.html", {"submissions": submissions})


@require_http_methods(["GET", "POST"])
def mentor_report(request, public_id):
    """The candidate's current mentor: write the report and proposed mark."""
    submission = exam_access.get_submission_for(request.user, public_id)
    exam_access.require_reader(
        request.user,
        submission,
        Role.MENTOR,
        action="Only the candidate's mentor writes this report.",
    )
    existing = selectors.mentor_report_of(submission)
    decided = selectors.decision_of(submission) is not None
    # A resubmission's first report starts from a copy of the last one
    # (only the form's initial values: nothing is saved until the mentor saves).
    started_from = None if existing or decided else services.report_start(submission, request.user)
    source = existing or started_from
    initial = {"body": source.body, "proposed_mark": source.proposed_mark} if source else {}
    criteria = selectors.cohort_criteria(submission)
    form = MentorReportForm(
        posted(request),
        initial=initial,
        criteria=criteria,
        initial_notes=source.criterion_notes if source else None,
        initial_marks=source.criterion_marks if source else None,
    )
    record = partial(assessing.mentor_report_save, submission=submission, mentor=request.user)
    page = {
        "submission": submission,
        "form": form,
        "decided": decided,
        "started_from": started_from,
        "scheme": marking.scheme_of(submission.enrolment.cohort),
        "rows": marking.form_rows(criteria, None, []),
    }
    saved = "Your report is saved; the examiners can read it."
    return _notes_form_page(request, "examinations/mentor_report.html", page, record, saved)
