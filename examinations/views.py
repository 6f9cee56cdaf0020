"""Examination pages: the candidate's paper and submission, the examiner's
queue, reading view and assessment, the mentor's report, the coordinator's
management of submissions and decisions.

Access in one line per view (details in each docstring): frozen text is
read through ``selectors.reading_submission_or_404`` (candidate, current
mentor, assigned examiners); coordinators manage records through
``selectors.managed_submission_or_404`` and never read the logbook text.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entries import history
from entries import selectors as entry_selectors
from entries.diffing import PartDiff, diff_html, snapshot_diff
from entries.vocabulary import Phase
from examinations import selectors, services
from examinations.forms import (
    AssessmentForm,
    AssignExaminerForm,
    ConfirmSubmissionForm,
    CriterionFormSet,
    DecisionForm,
    MentorReportForm,
    PaperForm,
    ProgrammeSettingForm,
)
from examinations.models import (
    Assessment,
    AssessmentCriterion,
    Decision,
    FinalPaper,
    MentorReport,
    ProgrammeSetting,
    Submission,
)
from pbas_logbook import access, audit
from pbas_logbook.decorators import coordinator_required
from pbas_logbook.markdown import render_markdown
from pbas_logbook.models import AuditAction


def _decision(submission):
    return Decision.objects.filter(submission=submission).first()


def _posted(request):
    """The POST data for a form, or None on GET. (``request.POST or None``
    would leave an empty POST unbound: a 200 with no error instead of a 422.)"""
    return request.POST if request.method == "POST" else None


def _joined(submission, relation: str):
    """A one-to-one row fetched with the submission (select_related), or None."""
    try:
        return getattr(submission, relation)
    except ObjectDoesNotExist:
        return None


# --- Candidate: final paper and submitting ---------------------------------------------


@require_GET
def candidate_home(request):
    """Candidates: their final paper, submissions, receipts and results."""
    enrolment = entry_selectors.current_enrolment_or_404(request.user)
    submissions = list(
        Submission.objects.filter(enrolment=enrolment)
        .select_related("decision")
        .order_by("-version")
    )
    return render(
        request,
        "examinations/candidate_home.html",
        {
            "enrolment": enrolment,
            "paper": FinalPaper.objects.filter(enrolment=enrolment).first(),
            "submissions": submissions,
            "preview": services.submission_preview(enrolment),
        },
    )


def _paper_conflict_diff(saved: FinalPaper, form) -> list[PartDiff]:
    """The saved paper against the writer's copy, so both are on the page."""
    parts = [
        ("Title", saved.title, form.cleaned_data.get("title", "")),
        ("Final paper", saved.body, form.cleaned_data.get("body", "")),
    ]
    return [PartDiff(label=label, changed=a != b, html=diff_html(a, b)) for label, a, b in parts]


def _posted_version(request, form) -> int | None:
    """The version the writer's copy was loaded at; "keep my version" after a
    conflict sends the version they chose to overwrite."""
    raw = str(request.POST.get("keep_version") or form.cleaned_data.get("version") or "")
    # isdigit() alone accepts "²", which int() refuses; int() also refuses
    # thousands of digits. A real version number is short.
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def _paper_page(request, enrolment, form, *, conflict=None, status=200):
    return render(
        request,
        "examinations/paper_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "conflict": conflict,
            "conflict_diff": _paper_conflict_diff(conflict, form) if conflict else None,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def paper_edit(request):
    """Candidates: write the final paper (GET) or save it (POST)."""
    enrolment = entry_selectors.current_enrolment_or_404(request.user)
    paper = FinalPaper.objects.filter(enrolment=enrolment).first()
    if request.method == "GET":
        initial = (
            {"title": paper.title, "body": paper.body, "version": paper.version} if paper else {}
        )
        return _paper_page(request, enrolment, PaperForm(initial=initial))
    form = PaperForm(request.POST)
    if not form.is_valid():
        return _paper_page(request, enrolment, form, status=422)
    try:
        services.paper_save(
            enrolment=enrolment,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            version=_posted_version(request, form),
        )
    except services.PaperConflict as conflict:
        return _paper_page(request, enrolment, form, conflict=conflict.paper, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _paper_page(request, enrolment, form, status=422)
    messages.success(request, "Final paper saved.")
    return redirect("examinations:candidate_home")


@require_POST
def paper_autosave(request):
    """Candidates: the paper editor's background save (htmx)."""
    enrolment = entry_selectors.current_enrolment_or_404(request.user)
    form = PaperForm(request.POST)
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        return render(request, "examinations/_paper_status.html", {"errors": errors}, status=422)
    version = form.cleaned_data.get("version")
    try:
        paper = services.paper_save(
            enrolment=enrolment,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            version=version,
        )
    except services.PaperConflict as conflict:
        return render(
            request,
            "examinations/_paper_status.html",
            {
                "conflict": conflict.paper,
                "conflict_diff": _paper_conflict_diff(conflict.paper, form),
            },
            status=409,
        )
    except ValidationError as error:
        return render(
            request, "examinations/_paper_status.html", {"errors": error.messages}, status=422
        )
    return render(
        request,
        "examinations/_paper_status.html",
        {"paper": paper, "saved_at": timezone.localtime(paper.updated_at)},
    )


@require_POST
def paper_preview(request):
    """Candidates: the Markdown preview of the paper (htmx)."""
    entry_selectors.current_enrolment_or_404(request.user)
    html = render_markdown(request.POST.get("body", "")[:200_000])
    return HttpResponse(html or "<p><em>Nothing to preview yet.</em></p>")


@require_GET
def submit(request):
    """Candidates: what will be submitted, and the confirmation button."""
    enrolment = entry_selectors.current_enrolment_or_404(request.user)
    preview = services.submission_preview(enrolment)
    form = ConfirmSubmissionForm(initial={"expected_version": preview.next_version})
    return render(request, "examinations/submit.html", {"preview": preview, "form": form})


@require_POST
def submit_confirm(request):
    """Candidates: freeze the shared entries and the paper into a submission."""
    enrolment = entry_selectors.current_enrolment_or_404(request.user)
    form = ConfirmSubmissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The submission page was out of date. Please confirm again.")
        return redirect("examinations:submit")
    try:
        submission = services.submission_create(
            enrolment=enrolment,
            by=request.user,
            expected_version=form.cleaned_data["expected_version"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("examinations:submit")
    return redirect("examinations:receipt", public_id=submission.public_id)


@require_GET
def receipt(request, public_id):
    """The candidate (and their mentor): the submission receipt with its hash."""
    submission = selectors.reading_submission_or_404(request.user, public_id)
    if request.user.pk not in (submission.enrolment.candidate_id, submission.enrolment.mentor_id):
        raise PermissionDenied("The receipt belongs to the candidate.")
    is_candidate = request.user.pk == submission.enrolment.candidate_id
    return render(
        request,
        "examinations/receipt.html",
        {"submission": submission, "is_candidate": is_candidate},
    )


@require_GET
def result(request, public_id):
    """The candidate and their mentor after the decision (examiners too): outcome and feedback."""
    submission = selectors.reading_submission_or_404(request.user, public_id)
    decision = _decision(submission)
    if decision is None:
        return render(request, "examinations/result_pending.html", {"submission": submission})
    return render(
        request,
        "examinations/result.html",
        {
            "submission": submission,
            "decision": decision,
            "assessments": list(
                Assessment.objects.filter(submission=submission).select_related("examiner")
            ),
            "report": MentorReport.objects.filter(submission=submission).first(),
            "criteria": {str(c.pk): c for c in AssessmentCriterion.objects.all()},
        },
    )


# --- Reading ---------------------------------------------------------------------------


def _role(user, submission) -> str:
    if user.pk == submission.enrolment.candidate_id:
        return "candidate"
    if user.pk == submission.enrolment.mentor_id:
        return "mentor"
    return "examiner"


@require_GET
def reading(request, public_id):
    """Assigned examiners, the candidate and their mentor (read-only): the
    frozen logbook and paper, with contents, one-heading view and search."""
    # The decision and the mentor's report come with the submission (one query).
    submission = selectors.reading_submission_or_404(
        request.user, public_id, related=("decision", "mentor_report")
    )
    role = _role(request.user, submission)
    audit.record_read(
        reader=request.user,
        owner=submission.enrolment.candidate,
        action=AuditAction.READ_SUBMISSION,
        role=role,
    )
    entries = selectors.frozen_entries(submission)
    # PostgreSQL refuses NUL in a string: a pasted or forged one is dropped.
    heading = request.GET.get("heading", "").replace("\x00", "").strip()[:120]
    q = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    paper_first = request.GET.get("paper", "first") != "last"
    # In the logbook's own order (entries come by week, sections by
    # position), not A to Z: a candidate's headings read as a sequence.
    headings = list(dict.fromkeys(s.heading_title for e in entries for s in e.sections.all()))
    enrolment = submission.enrolment
    for entry in entries:
        entry.week_start = enrolment.week_start(entry.week)
        entry.week_end = enrolment.week_start(entry.week + 1) - timezone.timedelta(days=1)
        entry.phase_labels = [Phase(p).label for p in entry.phases if p in Phase.values]
    decision = _joined(submission, "decision")
    report = None
    if role != "candidate" or decision is not None:
        report = _joined(submission, "mentor_report")
    comments = {}
    if role == "examiner" and ProgrammeSetting.current().examiners_see_mentor_comments:
        comments = _comments_by_entry(submission, entries)
    return render(
        request,
        "examinations/reading.html",
        {
            "submission": submission,
            "entries": entries,
            "headings": headings,
            "heading": heading,
            "q": q,
            "results": list(selectors.search_submission(submission, q)) if q else None,
            "paper_first": paper_first,
            "role": role,
            "report": report,
            "criteria": {str(c.pk): c for c in AssessmentCriterion.objects.all()},
            "decision": decision,
            "comments": comments,
            "my_assessment": Assessment.objects.filter(
                submission=submission, examiner=request.user
            ).first()
            if role == "examiner"
            else None,
            "previous": Submission.objects.filter(
                enrolment=enrolment, version__lt=submission.version
            )
            .order_by("-version")
            .first(),
        },
    )


def _comments_by_entry(submission, entries):
    """Mentor comments on the live entries the submission was made from, as
    they stood when it was submitted: the examiner reads what was submitted,
    not the conversation that goes on about the live logbook afterwards."""
    from mentors.models import Comment

    by_source = {}
    for comment in (
        Comment.objects.filter(
            entry__public_id__in=[e.source_public_id for e in entries],
            entry__enrolment=submission.enrolment,
            created_at__lte=submission.submitted_at,
        )
        .select_related("author", "entry", "section")
        .order_by("created_at")
    ):
        by_source.setdefault(comment.entry.public_id, []).append(comment)
    return {e.pk: by_source.get(e.source_public_id, []) for e in entries}


@require_GET
def entry_changes(request, public_id, position):
    """Readers of the submission: an entry's changes since it was first shared."""
    submission = selectors.reading_submission_or_404(request.user, public_id)
    entry = access.get_or_404(submission.entries.prefetch_related("sections"), position=position)
    if not entry.first_shared_text:
        raise PermissionDenied("This entry has no first-shared text to compare with.")
    final = entry.text_snapshot()
    return render(
        request,
        "examinations/entry_changes.html",
        {
            "submission": submission,
            "entry": entry,
            "parts": snapshot_diff(entry.first_shared_text, final),
            # Edit by edit, up to the frozen copy: the hindsight record as
            # the mentor reads it, without anything saved after submission.
            "changes": history.frozen_entry_changes(
                enrolment=submission.enrolment,
                source_public_id=entry.source_public_id,
                first_shared_text=entry.first_shared_text,
                first_shared_at=entry.first_shared_at or submission.submitted_at,
                final=final,
                until=submission.submitted_at,
            ),
        },
    )


@require_GET
def submission_pdf(request, public_id):
    """Readers of the submission: the PDF (cover, contents, page numbers)."""
    from examinations.pdf import submission_pdf as build_pdf

    submission = selectors.reading_submission_or_404(request.user, public_id)
    paper_first = request.GET.get("paper", "first") != "last"
    if request.user.pk != submission.enrolment.candidate_id:
        audit.record(
            actor=request.user,
            action=AuditAction.DOWNLOADED_PDF,
            subject=submission.enrolment.candidate,
            detail=f"version {submission.version}",
            role=_role(request.user, submission),
        )
    response = HttpResponse(
        build_pdf(submission, paper_first=paper_first), content_type="application/pdf"
    )
    filename = f"pbas-submission-v{submission.version}-{submission.submitted_at:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def compare(request, public_id):
    """Readers of the submission: this version beside the previous one."""
    from examinations.compare import compare_submissions

    submission = selectors.reading_submission_or_404(request.user, public_id)
    previous = access.get_or_404(
        Submission.objects.filter(
            enrolment=submission.enrolment, version__lt=submission.version
        ).order_by("-version")[:1]
    )
    return render(
        request,
        "examinations/compare.html",
        {
            "submission": submission,
            "previous": previous,
            "comparison": compare_submissions(previous, submission),
        },
    )


# --- Examiner --------------------------------------------------------------------------


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
        _posted(request),
        initial=initial,
        criteria=criteria,
        initial_notes=existing.criterion_notes if existing else None,
    )
    if request.method == "POST" and decided:
        messages.error(request, "The final decision is recorded: assessments are locked.")
        return redirect("examinations:reading", public_id=submission.public_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                submission=submission,
                examiner=request.user,
                outcome=form.cleaned_data["outcome"],
                mark=form.cleaned_data["mark"],
                feedback=form.cleaned_data["feedback"],
                criterion_notes=form.criterion_notes(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Assessment recorded.")
            return redirect("examinations:reading", public_id=submission.public_id)
    return render(
        request,
        "examinations/assess.html",
        {"submission": submission, "form": form, "decided": decided, "existing": existing},
        status=422 if form.errors else 200,
    )


# --- Mentor ----------------------------------------------------------------------------


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


# --- Coordinator -----------------------------------------------------------------------


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
