"""The mentor's examination pages: their mentees' submissions and the
mentor's report on one of them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from examinations import selectors, services
from examinations.forms import MentorReportForm
from examinations.models import AssessmentCriterion, MentorReport, Submission
from examinations.views._common import _decision, _posted, _role


@require_GET
def mentor_home(request):
    """Mentors: their mentees' submissions, with the state of their reports.
    People who mentor nobody see an empty list."""
    submissions = (
        Submission.objects.filter(enrolment__mentor=request.user)
        .select_related("enrolment__candidate", "decision", "mentor_report")
        .order_by("-submitted_at")
    )
    return render(request, "examinations/mentor_home.html", {"submissions": submissions})


@require_http_methods(["GET", "POST"])
def mentor_report(request, public_id):
    """The candidate's current mentor: write the report and proposed mark."""
    submission = selectors.reading_submission_or_404(request.user, public_id)
    if _role(request.user, submission) != "mentor":
        raise PermissionDenied("Only the candidate's mentor writes this report.")
    existing = MentorReport.objects.filter(submission=submission).first()
    decided = _decision(submission) is not None
    initial = {"body": existing.body, "proposed_mark": existing.proposed_mark} if existing else {}
    form = MentorReportForm(
        _posted(request),
        initial=initial,
        criteria=AssessmentCriterion.objects.all(),
        initial_notes=existing.criterion_notes if existing else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_report_save(
                submission=submission,
                mentor=request.user,
                body=form.cleaned_data["body"],
                proposed_mark=form.cleaned_data["proposed_mark"],
                criterion_notes=form.criterion_notes(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your report is saved; the examiners can read it.")
            return redirect("examinations:reading", public_id=submission.public_id)
    return render(
        request,
        "examinations/mentor_report.html",
        {"submission": submission, "form": form, "decided": decided},
        status=422 if form.errors else 200,
    )
