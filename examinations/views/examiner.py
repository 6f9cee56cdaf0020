"""The examiner's pages: their queue of assigned submissions and the
assessment form. Examiners read the submission itself in ``reading``."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from examinations import access as exam_access
from examinations import assessing, deadlines, marking, selectors
from examinations.forms import AssessmentForm
from examinations.views._common import _notes_form_page
from library.posted import posted
from pbas_logbook.access import role_required
from pbas_logbook.models import Role


@require_GET
@role_required(Role.EXAMINER)
def home(request):
    """Examiners: the submissions assigned to them, waiting first. Others: 403."""
    queue = deadlines.queue_with_due(selectors.examiner_queue(request.user), request.user)
    submissions = deadlines.with_due(
        queue, pending=lambda s: not s.assessed and getattr(s, "decision", None) is None
    )
    return render(
        request,
        "examinations/home.html",
        {"submissions": submissions, "zone": deadlines.zone_name()},
    )


@require_http_methods(["GET", "POST"])
def assess(request, public_id):
    """Assigned examiners: record or update their assessment until the decision."""
    submission = exam_access.get_submission_for(request.user, public_id)
    exam_access.require_reader(
        request.user,
        submission,
        Role.EXAMINER,
        action="Only an assigned examiner records an assessment.",
    )
    existing = selectors.assessment_by(submission, request.user)
    criteria = selectors.cohort_criteria(submission)
    decided = selectors.decision_of(submission) is not None
    initial = {}
    if existing:
        initial = {
            "outcome": existing.outcome,
            "outcome_reason": existing.outcome_reason,
            "mark": existing.mark,
            "feedback": existing.feedback,
        }
    form = AssessmentForm(
        posted(request),
        initial=initial,
        criteria=criteria,
        initial_notes=existing.criterion_notes if existing else None,
        initial_marks=existing.criterion_marks if existing else None,
    )
    if request.method == "POST" and decided:
        messages.error(request, "The final decision is recorded: assessments are locked.")
        return redirect("examinations:reading", public_id=submission.public_id)
    record = partial(assessing.assessment_record, submission=submission, examiner=request.user)
    page = {
        "submission": submission,
        "form": form,
        "decided": decided,
        "existing": existing,
        "due": None if decided else deadlines.due_of(deadlines.due_for(submission, request.user)),
        "zone": deadlines.zone_name(),
        **_beside_the_form(submission, criteria, request.user),
    }
    return _notes_form_page(
        request, "examinations/assess.html", page, record, "Assessment recorded."
    )


def _beside_the_form(submission, criteria, examiner) -> dict:
    """What an examiner marks beside: the scheme's bands, the mentor's
    proposal per criterion, and the other examiners' marks only once every
    required assessment is in (independent marking until then)."""
    scheme = marking.scheme_of(submission.enrolment.cohort)
    report = selectors.mentor_report_of(submission)
    state = assessing.marking_state_of(submission)
    others = []
    if state.complete:
        others = [a for a in selectors.assessments_of(submission) if a.examiner_id != examiner.pk]
    return {
        "scheme": scheme,
        "report": report,
        "state": state,
        "rows": marking.form_rows(criteria, report, others),
        "others": others,
    }
