"""The coordinator's examination pages: every submission, its examiners
and final decision, and the assessment criteria. Coordinators reach
submissions through ``selectors.managed_submission_or_404`` and manage
records; they never read the logbook text."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from examinations import selectors, services
from examinations.forms import (
    AssignExaminerForm,
    CriterionFormSet,
    DecisionForm,
    ProgrammeSettingForm,
)
from examinations.models import AssessmentCriterion, MentorReport, ProgrammeSetting, Submission
from examinations.views._common import _decision, _posted
from pbas_logbook import access
from pbas_logbook.decorators import coordinator_required


@require_GET
@coordinator_required
def submission_list(request):
    """Coordinators: every submission with its examiners and state."""
    submissions = (
        Submission.objects.select_related("enrolment__cohort", "decision")
        .prefetch_related("assignments__examiner", "assessments")
        .order_by("-submitted_at")
    )
    return render(request, "examinations/submission_list.html", {"submissions": submissions})


@require_http_methods(["GET", "POST"])
@coordinator_required
def submission_manage(request, public_id):
    """Coordinators: assign examiners, see assessments, record the decision."""
    submission = selectors.managed_submission_or_404(request.user, public_id)
    assign_form = AssignExaminerForm(_posted(request))
    if request.method == "POST" and assign_form.is_valid():
        try:
            services.examiner_assign(
                submission=submission,
                examiner=assign_form.cleaned_data["examiner"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                assign_form.add_error("examiner", message)
        else:
            messages.success(
                request, f"{assign_form.cleaned_data['examiner'].full_name} is assigned."
            )
            return redirect("examinations:submission_manage", public_id=submission.public_id)
    return _manage_page(request, submission, assign_form=assign_form)


def _manage_page(request, submission, *, assign_form=None, decision_form=None):
    decision = _decision(submission)
    return render(
        request,
        "examinations/submission_manage.html",
        {
            "submission": submission,
            "assignments": list(submission.assignments.select_related("examiner")),
            "assessments": list(submission.assessments.select_related("examiner")),
            "report": MentorReport.objects.filter(submission=submission).first(),
            "decision": decision,
            "assign_form": assign_form or AssignExaminerForm(),
            "decision_form": decision_form or DecisionForm(),
        },
        status=422
        if (assign_form and assign_form.errors) or (decision_form and decision_form.errors)
        else 200,
    )


@require_POST
@coordinator_required
def examiner_unassign(request, public_id, examiner_id):
    """Coordinators: remove an examiner (their access ends at once)."""
    submission = selectors.managed_submission_or_404(request.user, public_id)
    assignment = access.get_or_404(
        submission.assignments.select_related("examiner"), examiner_id=examiner_id
    )
    try:
        services.examiner_unassign(
            submission=submission, examiner=assignment.examiner, by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{assignment.examiner.full_name} is no longer assigned.")
    return redirect("examinations:submission_manage", public_id=submission.public_id)


@require_POST
@coordinator_required
def decision_record(request, public_id):
    """Coordinators: record the final decision (notifies candidate and mentor)."""
    submission = selectors.managed_submission_or_404(request.user, public_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_record(submission=submission, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Decision recorded; the candidate and mentor are notified.")
            return redirect("examinations:submission_manage", public_id=submission.public_id)
    return _manage_page(request, submission, decision_form=form)


@require_http_methods(["GET", "POST"])
@coordinator_required
def criteria(request):
    """Coordinators: the assessment criteria with weights, and programme settings."""
    formset = CriterionFormSet(_posted(request), queryset=AssessmentCriterion.objects.all())
    setting_form = ProgrammeSettingForm(
        _posted(request), instance=ProgrammeSetting.current(), prefix="setting"
    )
    refused = False
    if request.method == "POST":
        # Both forms are validated, so every error shows at once.
        refused = not all([formset.is_valid(), setting_form.is_valid()])
    if request.method == "POST" and not refused:
        total = sum(
            f.cleaned_data.get("weight") or 0
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        )
        if total != 100:
            messages.error(request, f"The weights add up to {total}%; they must add up to 100%.")
            refused = True
        else:
            formset.save()
            setting_form.save()
            messages.success(request, "Criteria and settings saved.")
            return redirect("examinations:criteria")
    return render(
        request,
        "examinations/criteria.html",
        {"formset": formset, "setting_form": setting_form},
        status=422 if refused else 200,
    )
