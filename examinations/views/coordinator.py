"""The coordinator's examination pages: every submission, its examiners
and final decision, and the assessment criteria. Coordinators reach
submissions through ``examinations.access.get_submission_for(as_=Role.COORDINATOR)`` and manage
records; they never read the logbook text."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from examinations import access as exam_access
from examinations import (
    assessing,
    deadlines,
    marking,
    marks_export,
    reading_room,
    release,
    schemes,
    selectors,
    services,
)
from examinations.forms import (
    AssignExaminerForm,
    CriterionFormSet,
    DecisionForm,
    DueDateForm,
    KeepExaminersForm,
    MarkingSchemeForm,
    ProgrammeSettingForm,
    ReleaseForm,
)
from examinations.models import ProgrammeSetting
from library.posted import form_page, form_saved, posted
from library.spreadsheets import csv_download
from pbas_logbook.access import get_cohort_for, role_required
from pbas_logbook.models import Role


@require_GET
@role_required(Role.COORDINATOR)
def submission_list(request):
    """Coordinators: every submission with its examiners and state."""
    submissions = (
        exam_access.submissions_for(request.user, as_=Role.COORDINATOR)
        .select_related("enrolment__cohort", "decision__release")
        .prefetch_related("assignments__examiner", "assessments")
        .order_by("-submitted_at")
    )
    submissions = deadlines.submissions_with_due(submissions)
    return render(request, "examinations/submission_list.html", {"submissions": submissions})


@require_GET
@role_required(Role.COORDINATOR)
def overdue(request):
    """Coordinators: every examiner assignment past its due date with no
    assessment recorded, the longest overdue first."""
    assignments = deadlines.with_due(deadlines.overdue_assignments())
    return render(
        request,
        "examinations/overdue.html",
        {"assignments": assignments, "zone": deadlines.zone_name()},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def submission_manage(request, public_id):
    """Coordinators: assign examiners, see assessments, record the decision."""
    submission = exam_access.get_submission_for(request.user, public_id, as_=Role.COORDINATOR)
    assign_form = AssignExaminerForm(posted(request))
    assign = partial(services.examiner_assign, submission=submission, by=request.user)
    if request.method == "POST" and (assignment := form_saved(assign_form, assign)):
        messages.success(
            request,
            f"{assignment.examiner.full_name} is assigned, due {deadlines.when(assignment.due_at)}."
            if assignment.due_at
            else f"{assignment.examiner.full_name} is assigned.",
        )
        return redirect("examinations:submission_manage", public_id=submission.public_id)
    return _manage_page(request, submission, assign_form=assign_form)


def _manage_page(
    request,
    submission,
    *,
    assign_form=None,
    decision_form=None,
    release_form=None,
    due_form=None,
    due_examiner_id=None,
    keep_form=None,
):
    """The coordinator's page of one submission: its examiners, where the
    marking stands, the assessments side by side (all comments, for
    moderation), the decision and its release."""
    decision = selectors.decision_of(submission)
    scheme = marking.scheme_of(submission.enrolment.cohort)
    criteria = marking.scheme_criteria(scheme)
    assessments = list(submission.assessments.select_related("examiner"))
    report = selectors.mentor_report_of(submission)
    forms = [
        f for f in (assign_form, decision_form, release_form, due_form, keep_form) if f is not None
    ]
    assignments = deadlines.assignments_with_due(
        submission.assignments.select_related("examiner"), assessments, decision
    )
    for a in assignments:
        a.due_form = (
            due_form
            if due_form is not None and a.examiner_id == due_examiner_id
            else DueDateForm(initial={"due_at": a.due_at}, auto_id=f"id_due_{a.examiner_id}_%s")
        )
    previous, to_keep = (None, []) if decision else services.examiners_to_keep(submission)
    state = assessing.marking_state_of(submission)
    moderating = state.needs_moderation or bool(decision and decision.moderation_reason)
    return render(
        request,
        "examinations/submission_manage.html",
        {
            "submission": submission,
            "scheme": scheme,
            "assignments": assignments,
            "previous": previous,
            "to_keep": to_keep,
            "keepable": [k.examiner for k in to_keep if not k.problem],
            "keep_form": keep_form or KeepExaminersForm(prefix="keep"),
            "zone": deadlines.zone_name(),
            # A refusal whose form is no longer on the page (after the decision).
            "refused_after_decision": [
                e
                for f in (due_form, keep_form)
                if f is not None and decision
                for e in f.errors.get("due_at", [])
            ],
            "assessments": assessments,
            "rubric": marking.rubric_table(criteria, assessments, report),
            "state": state,
            "report": report,
            # The examiners' private notes are read "at moderation" (issue 12
            # item 7): while the marks disagree, and after a moderated decision.
            "moderating": moderating,
            "examiner_notes": reading_room.notes_for_moderation(submission) if moderating else [],
            "decision": decision,
            "release": release.release_of(decision),
            "assign_form": assign_form or AssignExaminerForm(),
            "decision_form": decision_form or DecisionForm(),
            "release_form": release_form or ReleaseForm(prefix="release"),
        },
        status=422 if any(f.errors for f in forms) else 200,
    )


@require_POST
@role_required(Role.COORDINATOR)
def examiner_unassign(request, public_id, examiner_id):
    """Coordinators: remove an examiner (their access ends at once)."""
    submission = exam_access.get_submission_for(request.user, public_id, as_=Role.COORDINATOR)
    assignment = exam_access.get_assignment_of(submission, examiner_id)
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
@role_required(Role.COORDINATOR)
def due_date_set(request, public_id, examiner_id):
    """Coordinators: move one examiner's due date (the examiner is told)."""
    submission = exam_access.get_submission_for(request.user, public_id, as_=Role.COORDINATOR)
    assignment = exam_access.get_assignment_of(submission, examiner_id)
    form = DueDateForm(request.POST, auto_id=f"id_due_{assignment.examiner_id}_%s")
    examiner = assignment.examiner
    move = partial(services.due_date_set, submission=submission, examiner=examiner, by=request.user)
    if form_saved(form, move):
        messages.success(
            request,
            f"{examiner.full_name}'s assessment is now due "
            f"{deadlines.when(form.cleaned_data['due_at'])}.",
        )
        return redirect("examinations:submission_manage", public_id=submission.public_id)
    return _manage_page(request, submission, due_form=form, due_examiner_id=assignment.examiner_id)


@require_POST
@role_required(Role.COORDINATOR)
def examiners_keep(request, public_id):
    """Coordinators: assign a resubmission the previous version's examiners
    (those who can no longer examine are skipped, and named)."""
    submission = exam_access.get_submission_for(request.user, public_id, as_=Role.COORDINATOR)
    form = KeepExaminersForm(request.POST, prefix="keep")
    keep = partial(services.examiners_keep, submission=submission, by=request.user)
    kept = form_saved(form, keep)
    if kept is None:
        return _manage_page(request, submission, keep_form=form)
    assigned, skipped = kept
    if assigned:
        names = ", ".join(e.full_name for e in assigned)
        messages.success(
            request,
            f"Kept for version {submission.version}: {names}, "
            f"due {deadlines.when(form.cleaned_data['due_at'])}.",
        )
    for k in skipped:
        messages.warning(request, f"{k.examiner.full_name} was not kept: {k.problem}.")
    if not assigned and not skipped:
        messages.info(request, "The previous version's examiners are already assigned.")
    return redirect("examinations:submission_manage", public_id=submission.public_id)


@require_POST
@role_required(Role.COORDINATOR)
def decision_record(request, public_id):
    """Coordinators: record the final decision (notifies candidate and mentor)."""
    submission = exam_access.get_submission_for(request.user, public_id, as_=Role.COORDINATOR)
    form = DecisionForm(request.POST)
    if form_saved(form, partial(assessing.decision_record, submission=submission, by=request.user)):
        messages.success(request, "Decision recorded. Release it when the candidate may see it.")
        return redirect("examinations:submission_manage", public_id=submission.public_id)
    return _manage_page(request, submission, decision_form=form)


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def criteria(request):
    """Coordinators: the assessment criteria with weights, and programme settings."""
    formset = CriterionFormSet(posted(request), queryset=selectors.criteria())
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


# --- A cohort's marking scheme and released results (issue 12) -------------------


def _weights_problem(formset) -> str | None:
    """The rule that the weights add up to 100 (``schemes.check_weights``),
    asked of a formset another field has refused: None when it holds, or
    when a weight itself is missing or unreadable (its field says so)."""
    weights = []
    for form in formset.forms:
        cleaned = getattr(form, "cleaned_data", {})
        if cleaned.get("DELETE") or (form.instance.pk is None and not form.has_changed()):
            continue  # removed, or the empty row for a new criterion
        if cleaned.get("weight") is None:
            return None
        weights.append(cleaned["weight"])
    try:
        schemes.check_weights(weights)
    except ValidationError as error:
        return error.messages[0]
    return None


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def marking_scheme(request, pk):
    """Coordinators: the cohort's rubric, bands, double marking and
    moderation threshold; editable until the cohort's first mark."""
    cohort = get_cohort_for(request.user, pk)
    scheme = marking.scheme_of(cohort)
    frozen = marking.scheme_is_frozen(scheme)
    data = None if frozen else posted(request)
    formset = CriterionFormSet(data, queryset=scheme.criteria.all(), prefix="criteria")
    scheme_form = MarkingSchemeForm(data, instance=scheme, prefix="scheme")
    refused = False
    if request.method == "POST" and frozen:
        messages.error(request, schemes.FROZEN)
        return redirect("examinations:marking_scheme", pk=cohort.pk)
    if request.method == "POST":
        # Both forms are validated, so every error shows at once.
        refused = not all([formset.is_valid(), scheme_form.is_valid()])
        if refused and (problem := _weights_problem(formset)):
            messages.error(request, problem)  # with the fields' errors, not on the next try
    if request.method == "POST" and not refused:
        try:
            schemes.scheme_save(
                scheme=scheme_form.save(commit=False),
                changed=formset.save(commit=False),
                removed=formset.deleted_objects,
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            refused = True
        else:
            messages.success(request, f"The marking scheme of {cohort.name} is saved.")
            return redirect("examinations:marking_scheme", pk=cohort.pk)
    page = {
        "cohort": cohort,
        "scheme": scheme,
        "frozen": frozen,
        "formset": formset,
        "scheme_form": scheme_form,
        "criteria": marking.scheme_criteria(scheme) if frozen else None,
    }
    return form_page(request, "examinations/marking_scheme.html", page, refused=refused)


@require_POST
@role_required(Role.COORDINATOR)
def result_release(request, public_id):
    """Coordinators: release a recorded decision now or at a set time."""
    submission = exam_access.get_submission_for(request.user, public_id, as_=Role.COORDINATOR)
    decision = selectors.decision_of(submission)
    form = ReleaseForm(request.POST, prefix="release")
    if decision is None:
        messages.error(request, "Record the decision before releasing it.")
        return redirect("examinations:submission_manage", public_id=submission.public_id)

    def release_at(*, at, **_):
        return release.release_set(decision=decision, by=request.user, at=at)

    if form_saved(form, release_at):
        messages.success(request, "The result is " + _released_message(form.cleaned_data))
        return redirect("examinations:submission_manage", public_id=submission.public_id)
    return _manage_page(request, submission, release_form=form)


@require_POST
@role_required(Role.COORDINATOR)
def cohort_release(request, pk):
    """Coordinators: release every decided result of a cohort together."""
    cohort = get_cohort_for(request.user, pk)
    form = ReleaseForm(request.POST, prefix="release")
    if form.is_valid():
        try:
            count = release.cohort_release_set(
                cohort=cohort, by=request.user, at=form.cleaned_data["at"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                f"{count} result(s) of {cohort.name}: " + (_released_message(form.cleaned_data)),
            )
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("coordinator:cohort_detail", pk=cohort.pk)


@require_GET
@role_required(Role.COORDINATOR)
def marks_csv(request, pk):
    """Coordinators: the cohort's marks per criterion, per examiner, the
    agreed mark and the decision, as a CSV (no text)."""
    cohort = get_cohort_for(request.user, pk)
    return csv_download(marks_export.marks_rows(cohort), marks_export.marks_filename(cohort))


def _released_message(cleaned: dict) -> str:
    if cleaned["when"] == "now":
        return "released now; the candidate and mentor are told."
    return f"to be released {cleaned['release_at']:%-d %B %Y at %H:%M}."
