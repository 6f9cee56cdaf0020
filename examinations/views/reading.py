"""Reading a frozen submission: the reading view, its receipt, result, PDF,
version comparison and an entry's changes.

Readers are the candidate, their current mentor and the assigned examiners,
all through ``selectors.reading_submission_or_404``; some pages narrow that
further (each docstring says who). Nothing here writes but the audit of
who read what."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entries import history
from entries.diffing import snapshot_diff
from examinations import selectors
from examinations.models import (
    Assessment,
    AssessmentCriterion,
    MentorReport,
    ProgrammeSetting,
    Submission,
)
from examinations.views._common import _decision, _joined, _role
from pbas_logbook import access, audit
from pbas_logbook.models import AuditAction


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
        entry.week_end = enrolment.week_end(entry.week)
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
