"""The coordinator's examination pages: every submission, its examiners
and final decision, and the assessment criteria. Coordinators reach
submissions through ``selectors.managed_submission_or_404`` and manage
records; they never read the logbook text."""

from functools import partial

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
from examinations.views._common import _decision
from library.posted import form_page, form_saved, posted
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
    assign_form = AssignExaminerForm(posted(request))
    assign = partial(services.examiner_assign, submission=submission, by=request.user)
    if request.method == "POST" and form_saved(assign_form, assign):
        messages.success(request, f"{assign_form.cleaned_data['examiner'].full_name} is assigned.")
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
    if form_saved(form, partial(services.decision_record, submission=submission, by=request.user)):
        messages.success(request, "Decision recorded; the candidate and mentor are notified.")
        return redirect("examinations:submission_manage", public_id=submission.public_id)
    return _manage_page(request, submission, decision_form=form)


@require_http_methods(["GET", "POST"])
@coordinator_required
def criteria(request):
    """Coordinators: the assessment criteria with weights, and programme settings."""
    formset = CriterionFormSet(posted(request), queryset=AssessmentCriterion.objects.all())
    setting_form = ProgrammeSettingForm(
        posted(request), instance=ProgrammeSetting.current(), prefix="setting"
    )
    refused = False
    if request.method == "POST":
        # Both forms are validated, so every error shows at once.
        refused = not all([formset.is_valid(), setting_form.is_valid()])
    if request.method == "POST" and not refused:
        # commit=False only builds the rows; the service checks and saves them.
        changed = formset.save(commit=False)
        try:
            services.criteria_save(
                changed=changed,
                removed=formset.deleted_objects,
                setting=setting_form.save(commit=False),
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            refused = True
        else:
            messages.success(request, "Criteria and settings saved.")
            return redirect("examinations:criteria")
    page = {"formset": formset, "setting_form": setting_form}
    return form_page(request, "examinations/criteria.html", page, refused=refused)
