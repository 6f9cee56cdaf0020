"""The examiner's pages: their queue of assigned submissions and the
assessment form. Examiners read the submission itself in ``reading``."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from examinations import selectors, services
from examinations.forms import AssessmentForm
from examinations.models import Assessment, AssessmentCriterion
from examinations.views._common import _decision, _notes_form_page, _role
from library.posted import posted


@require_GET
def home(request):
    """Examiners: the submissions assigned to them, waiting first. Others: 403."""
    if not request.user.is_examiner:
        raise PermissionDenied("Only examiners can open this page.")
    return render(
        request,
        "examinations/home.html",
        {"submissions": list(selectors.examiner_queue(request.user))},
    )


@require_http_methods(["GET", "POST"])
def assess(request, public_id):
    """Assigned examiners: record or update their assessment until the decision."""
    submission = selectors.reading_submission_or_404(request.user, public_id)
    if _role(request.user, submission) != "examiner":
        raise PermissionDenied("Only an assigned examiner records an assessment.")
    existing = Assessment.objects.filter(submission=submission, examiner=request.user).first()
    criteria = AssessmentCriterion.objects.all()
    decided = _decision(submission) is not None
    initial = {}
    if existing:
        initial = {
            "outcome": existing.outcome,
            "mark": existing.mark,
            "feedback": existing.feedback,
        }
    form = AssessmentForm(
        posted(request),
        initial=initial,
        criteria=criteria,
        initial_notes=existing.criterion_notes if existing else None,
    )
    if request.method == "POST" and decided:
        messages.error(request, "The final decision is recorded: assessments are locked.")
        return redirect("examinations:reading", public_id=submission.public_id)
    record = partial(services.assessment_record, submission=submission, examiner=request.user)
    page = {"submission": submission, "form": form, "decided": decided, "existing": existing}
    return _notes_form_page(
        request, "examinations/assess.html", page, record, "Assessment recorded."
    )
