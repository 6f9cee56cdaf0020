"""Reading a frozen submission: the reading view, its receipt, result, PDF,
version comparison and an entry's changes.

Readers are the candidate, their current mentor and the assigned examiners,
all through ``examinations.access.get_submission_for``; some pages narrow
that further with ``require_reader`` (each docstring says who). Nothing here writes but the audit of
who read what."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from entries import history
from entries.diffing import snapshot_diff
from examinations import access as exam_access
from examinations import marking, reading_room, release, selectors
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
    frozen logbook and paper, with contents, one-heading view and search;
    ``?week=N`` (``paper`` or 0 for the final paper) shows one week with
    Previous and Next. An examiner also sees where they stopped reading,
    their private notes and the mentor's report beside the week. Writes
    nothing but the audit of the read (the position is posted by reading.js)."""
    submission, role = _reader(request, public_id)
    return _reading_page(request, submission, role)


def _reader(request, public_id):
    # The decision and the mentor's report come with the submission (one query).
    submission = exam_access.get_submission_for(
        request.user, public_id, related=("decision__release", "mentor_report")
    )
    return submission, exam_access.reader_role(request.user, submission)


def _reading_page(
    request, submission, role, *, asked=None, note_key=None, note_form=None, status=200
):
    """The reading page (``asked``: the week, when not in the query);
    ``note_form`` is a refused note on ``note_key``, shown on its field with
    the text kept."""
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
    paper_first = (request.GET.get("paper") or request.POST.get("paper") or "first") != "last"
    # In the logbook's own order (entries come by week, sections by
    # position), not A to Z: a candidate's headings read as a sequence.
    headings = list(dict.fromkeys(s.heading_title for e in entries for s in e.sections.all()))
    enrolment = submission.enrolment
    for entry in entries:
        entry.week_start = enrolment.week_start(entry.week)
        entry.week_end = enrolment.week_end(entry.week)
    sequence = reading_room.week_sequence(entries, paper_first=paper_first)
    # An empty ?week= is the whole logbook; NUL is dropped as above.
    asked = (request.GET.get("week") or None) if asked is None else asked
    asked = asked.replace("\x00", "")[:20] if asked is not None else None
    week = reading_room.parse_week(asked) if asked is not None else None
    week_missing = asked is not None and week not in sequence
    if week_missing:
        week = None
    previous_week, next_week = (
        reading_room.neighbours(sequence, week) if week is not None else (None, None)
    )
    decision = release.decision_seen_by(_joined(submission, "decision"), role)
    report = None
    if role != Role.CANDIDATE or decision is not None:
        report = _joined(submission, "mentor_report")
    comments = {}
    if role == Role.EXAMINER and ProgrammeSetting.current().examiners_see_mentor_comments:
        comments = selectors.mentor_comments_at_submission(submission, entries)
    # The examiner's assessment, reading position and notes: one query.
    desk = reading_room.examiner_desk(submission, request.user) if role == Role.EXAMINER else None
    week_entries = [e for e in entries if e.week == week] if week else []
    paper_note = None
    if desk is not None and week is not None:
        # Each section shown (and the paper) gets its note form; a refused
        # one comes back with what was typed.
        def note_of(key):
            if key == note_key and note_form is not None:
                return {"form": note_form, "note": desk.notes.get(key), "key": key}
            note = desk.notes.get(key)
            form = reading_room.NoteForm(
                initial={"body": note.body if note else ""}, auto_id=f"note-{key}-%s"
            )
            return {"form": form, "note": note, "key": key}

        if week == reading_room.PAPER:
            paper_note = note_of(reading_room.PAPER_KEY)
        for entry in week_entries:
            for s in entry.sections.all():
                s.examiner_note = note_of(str(s.pk))
    week_items = [
        {
            "week": w,
            "param": reading_room.week_param(w),
            "title": next((e.title for e in entries if e.week == w and e.title), ""),
        }
        for w in sequence
    ]
    continue_at = None
    if desk is not None and week is None and not q and not heading and desk.week in sequence:
        continue_at = {
            "week": desk.week,
            "param": reading_room.week_param(desk.week),
            "anchor": desk.anchor,
        }
    order = "" if paper_first else "&paper=last"
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
            "order": order,
            "role": role,
            "report": report,
            # The report's notes name their criteria (two queries, when there is one).
            "criteria": {str(c.pk): c for c in selectors.cohort_criteria(submission)}
            if report
            else {},
            "decision": decision,
            "comments": comments,
            "my_assessment": desk.assessed if desk else False,
            "previous": exam_access.previous_version_of(submission),
            # The week view (None: the whole logbook).
            "week": week,
            "week_asked": asked if week_missing else None,
            "week_entries": week_entries,
            "week_items": week_items,
            "previous_week": _week_link(previous_week),
            "next_week": _week_link(next_week),
            "week_param": reading_room.week_param(week) if week is not None else "",
            "desk": desk,
            "paper_note": paper_note,
            "continue_at": continue_at,
        },
        status=status,
    )


def _week_link(week):
    if week is None:
        return None
    return {"week": week, "param": reading_room.week_param(week)}


@require_POST
def reading_position(request, public_id):
    """An assigned examiner (reading.js, on opening a week and on scrolling):
    where they are reading. 204 once stored; 400 for a week or place that is
    not in this submission; 403 for the candidate and the mentor."""
    submission = exam_access.get_submission_for(request.user, public_id)
    exam_access.require_reader(
        request.user,
        submission,
        Role.EXAMINER,
        action="Only an assigned examiner's reading position is kept.",
    )
    form = reading_room.PositionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Not a place in this submission.", content_type="text/plain")
    week = form.cleaned_data["week"]
    if not reading_room.has_week(submission, week):
        return HttpResponseBadRequest("No entry for that week.", content_type="text/plain")
    reading_room.position_save(
        submission=submission,
        examiner=request.user,
        week=week,
        anchor=form.cleaned_data["anchor"],
    )
    return HttpResponse(status=204)


@require_POST
def examiner_note(request, public_id, section):
    """An assigned examiner: keep, change or clear (empty) their private
    note on one section (``section`` its id) or on the final paper
    (``paper``). Back to the week at the note; a note over the limit is
    refused on its field with the text kept. Another submission's section
    is a 404; the candidate and mentor get 403."""
    submission, role = _reader(request, public_id)
    exam_access.require_reader(
        request.user,
        submission,
        Role.EXAMINER,
        action="Only an assigned examiner keeps notes here.",
    )
    found = reading_room.section_of(submission, section)
    key = reading_room.PAPER_KEY if found is None else str(found.pk)
    form = reading_room.NoteForm(request.POST, auto_id=f"note-{key}-%s")
    week = reading_room.PAPER if found is None else found.entry.week
    if not form.is_valid():
        return _reading_page(
            request,
            submission,
            role,
            asked=reading_room.week_param(week),
            note_key=key,
            note_form=form,
            status=422,
        )
    note = reading_room.note_save(
        submission=submission, examiner=request.user, section=found, body=form.cleaned_data["body"]
    )
    messages.success(request, "Note saved." if note else "Note cleared.")
    url = reverse("examinations:reading", args=[submission.public_id])
    order = "&paper=last" if request.POST.get("paper") == "last" else ""
    return redirect(f"{url}?week={reading_room.week_param(week)}{order}#note-{key}")


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
    """Readers of the submission: the PDF (cover, contents, page numbers,
    bookmarks); ``?report=1`` adds the mentor's report for a reader who may
    read it (examiners and the mentor; the candidate once the result is
    released, else back to the reading page, which says so), laid out
    afresh each time (see pdf.submission_pdf)."""
    submission = exam_access.get_submission_for(
        request.user, public_id, related=("decision__release", "mentor_report")
    )
    role = exam_access.reader_role(request.user, submission)
    paper_first = request.GET.get("paper", "first") != "last"
    report = None
    if request.GET.get("report") == "1":
        # The reading page's rule: the candidate reads the report only once
        # the result is theirs to see.
        decision = release.decision_seen_by(_joined(submission, "decision"), role)
        report = _joined(submission, "mentor_report")
        why = None
        if role == Role.CANDIDATE and decision is None:
            why = "You can read the mentor's report once your result is released."
        elif report is None:
            why = "The mentor's report has not been written yet: there is no PDF with it."
        if why:
            messages.info(request, why)
            return redirect("examinations:reading", public_id=submission.public_id)
    if role != Role.CANDIDATE:
        audit.record(
            actor=request.user,
            action=AuditAction.DOWNLOADED_PDF,
            subject=submission.enrolment.candidate,
            detail=f"version {submission.version}",
            role=role,
        )
    response = HttpResponse(
        build_pdf(submission, paper_first=paper_first, report=report),
        content_type="application/pdf",
    )
    with_report = "-with-report" if report is not None else ""
    filename = (
        f"pbas-submission-v{submission.version}-{submission.submitted_at:%Y-%m-%d}{with_report}.pdf"
    )
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
