"""Reading a frozen submission: the reading view, its receipt, result, PDF,
version comparison and an entry's changes.

Readers are the candidate, their current mentor and the assigned examiners,
all through ``examinations.access.get_submission_for``; some pages narrow
that further with ``require_reader`` (each docstring says who). Nothing here writes but the audit of
who read what."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entries import history
from entries.diffing import snapshot_diff
from examinations import access as exam_access
from examinations import marking, release, selectors
from examinations.compare import compare_submissions
from examinations.models import ProgrammeSetting
from examinations.pdf import submission_pdf as build_pdf
from examinations.views._common import _joined
from library.comparisons import nothing_to_compare
from pbas_logbook.models import AuditAction, Role
from records import audit


@require_GET
def receipt(request, public_id):
    """The candidate (and their mentor): the submission receipt with its hash."""
    submission = exam_access.get_submission_for(request.user, public_id)
    role = exam_access.require_reader(
        request.user,
        submission,
        Role.CANDIDATE,
        Role.MENTOR,
        action="The receipt belongs to the candidate.",
    )
    is_candidate = role == Role.CANDIDATE
    return render(
        request,
        "examinations/receipt.html",
        {"submission": submission, "is_candidate": is_candidate},
    )


@require_GET
def result(request, public_id):
    """The candidate and their mentor after the decision (examiners too): outcome and feedback."""
    submission = exam_access.get_submission_for(request.user, public_id)
    role = exam_access.reader_role(request.user, submission)
    decision = release.decision_seen_by(selectors.decision_of(submission), role)
    if decision is None:
        return render(request, "examinations/result_pending.html", {"submission": submission})
    criteria = selectors.cohort_criteria(submission)
    assessments = selectors.assessments_of(submission)
    report = selectors.mentor_report_of(submission)
    return render(
        request,
        "examinations/result.html",
        {
            "submission": submission,
            "decision": decision,
            "assessments": assessments,
            "report": report,
            "rubric": marking.rubric_table(criteria, assessments, report),
        },
    )


@require_GET
def reading(request, public_id):
    """Assigned examiners, the candidate and their mentor (read-only): the
    frozen logbook and paper, with contents, one-heading view and search."""
    # The decision and the mentor's report come with the submission (one query).
    submission = exam_access.get_submission_for(
        request.user, public_id, related=("decision__release", "mentor_report")
    )
    role = exam_access.reader_role(request.user, submission)
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
        entry.week_end = enrolment.week_end(entry.week)
    decision = release.decision_seen_by(_joined(submission, "decision"), role)
    report = None
    if role != Role.CANDIDATE or decision is not None:
        report = _joined(submission, "mentor_report")
    comments = {}
    if role == Role.EXAMINER and ProgrammeSetting.current().examiners_see_mentor_comments:
        comments = selectors.mentor_comments_at_submission(submission, entries)
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
            # The report's notes name their criteria (two queries, when there is one).
            "criteria": {str(c.pk): c for c in selectors.cohort_criteria(submission)}
            if report
            else {},
            "decision": decision,
            "comments": comments,
            "my_assessment": selectors.assessment_by(submission, request.user)
            if role == Role.EXAMINER
            else None,
            "previous": exam_access.previous_version_of(submission),
        },
    )


@require_GET
def entry_changes(request, public_id, position):
    """Readers of the submission: an entry's changes since it was first shared."""
    submission = exam_access.get_submission_for(request.user, public_id)
    entry = exam_access.get_submitted_entry_of(submission, position)
    if not entry.first_shared_text:
        return nothing_to_compare(
            request,
            "This entry was not edited after it was first shared: nothing to compare.",
            "examinations:reading",
            public_id=submission.public_id,
        )
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
    submission = exam_access.get_submission_for(request.user, public_id)
    role = exam_access.reader_role(request.user, submission)
    paper_first = request.GET.get("paper", "first") != "last"
    if role != Role.CANDIDATE:
        audit.record(
            actor=request.user,
            action=AuditAction.DOWNLOADED_PDF,
            subject=submission.enrolment.candidate,
            detail=f"version {submission.version}",
            role=role,
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
    submission = exam_access.get_submission_for(request.user, public_id)
    previous = exam_access.previous_version_of(submission)
    if previous is None:
        return nothing_to_compare(
            request,
            "This is the first version submitted: nothing to compare.",
            "examinations:reading",
            public_id=submission.public_id,
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
