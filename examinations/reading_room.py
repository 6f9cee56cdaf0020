"""The examiner's reading room (issue 12 item 7): one week at a time, the
reading position each examiner left, and their private notes per section.

Reads take a submission already reached through ``examinations.access``
(the caller has checked who is reading); writes are the two services
``position_save`` and ``note_save``, each one statement or one transaction.

Notes are an examiner's private working notes: only their examiner reads
them in the reading room, and the coordinator on the submission's page when
moderating (``notes_for_moderation``). Nothing else reads this module's
rows: no PDF, export, personal-data download or research extract.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.http import Http404
from django.utils import timezone

from examinations import access as exam_access
from examinations.models import (
    Assessment,
    ExaminerAssignment,
    ExaminerNote,
    ReadingPosition,
    Submission,
    SubmittedSection,
)
from library.textbox import TextBox

PAPER = 0  # the week number of the final paper in the reading room
PAPER_KEY = "paper"  # its key among the notes (a section's key is its id)
NOTE_LIMIT = 20_000
# An anchor the page itself makes: "entry-3", "section-41", "final-paper".
ANCHOR = re.compile(r"[a-z][a-z0-9-]{0,39}")


# --- Weeks ---------------------------------------------------------------


def parse_week(value: str | None) -> int | None:
    """``?week=`` as a week number: "paper" or "0" is the final paper;
    anything else that is not a small whole number is None."""
    value = (value or "").strip().lower()
    if value == PAPER_KEY:
        return PAPER
    if value.isdigit() and len(value) <= 4:
        return int(value)
    return None


def week_sequence(entries, *, paper_first: bool) -> list[int]:
    """The weeks that have an entry, in reading order, with the final
    paper (0) first or last: what Previous and Next walk through, so a week
    without an entry is skipped."""
    weeks = sorted({entry.week for entry in entries})
    return [PAPER, *weeks] if paper_first else [*weeks, PAPER]


def neighbours(sequence: list[int], week: int) -> tuple[int | None, int | None]:
    """The weeks before and after ``week`` in ``sequence`` (None at an end)."""
    at = sequence.index(week)
    before = sequence[at - 1] if at > 0 else None
    after = sequence[at + 1] if at + 1 < len(sequence) else None
    return before, after


def has_week(submission: Submission, week: int) -> bool:
    """Whether ``week`` is one the reading room shows: the paper, or a week
    with an entry in ``submission``."""
    return week == PAPER or submission.entries.filter(week=week).exists()


def week_param(week: int) -> str:
    return PAPER_KEY if week == PAPER else str(week)


# --- What one examiner brings to the page ----------------------------------


@dataclass
class Note:
    key: str  # a section's id, or "paper"
    body: str
    updated_at: datetime


@dataclass
class Desk:
    """An examiner's own things on one submission: whether they have
    recorded an assessment, where they stopped reading, their notes."""

    assessed: bool = False
    week: int | None = None
    anchor: str = ""
    notes: dict[str, Note] = field(default_factory=dict)


def examiner_desk(submission: Submission, examiner) -> Desk:
    """One query: the examiner's assignment row with their assessment
    (exists?), reading position and notes beside it, so the reading page
    stays within its query budget. An unassigned reader gets an empty desk."""
    mine = {"submission": OuterRef("submission"), "examiner": OuterRef("examiner")}
    position = ReadingPosition.objects.filter(**mine)
    notes = (
        ExaminerNote.objects.filter(**mine)
        .order_by()
        .values("submission")
        .annotate(
            all=JSONBAgg(JSONObject(section="section_id", body="body", updated_at="updated_at"))
        )
        .values("all")
    )
    row = (
        ExaminerAssignment.objects.filter(submission=submission, examiner=examiner)
        .annotate(
            assessed=Exists(Assessment.objects.filter(**mine)),
            position_week=Subquery(position.values("week")[:1]),
            position_anchor=Subquery(position.values("anchor")[:1]),
            notes=Subquery(notes),
        )
        .values("assessed", "position_week", "position_anchor", "notes")
        .first()
    )
    if row is None:
        return Desk()
    desk = Desk(
        assessed=row["assessed"],
        week=row["position_week"],
        anchor=row["position_anchor"] or "",
    )
    for item in row["notes"] or []:
        key = PAPER_KEY if item["section"] is None else str(item["section"])
        desk.notes[key] = Note(
            key=key, body=item["body"], updated_at=datetime.fromisoformat(item["updated_at"])
        )
    return desk


# --- The reading position ------------------------------------------------


class PositionForm(forms.Form):
    """What reading.js posts: the week in view and the section last seen."""

    week = forms.IntegerField(min_value=0, max_value=999)
    anchor = forms.CharField(max_length=40, required=False)

    def clean_anchor(self):
        anchor = self.cleaned_data["anchor"].strip()
        if anchor and not ANCHOR.fullmatch(anchor):
            raise forms.ValidationError("Not a place on this page.")
        return anchor


def position_save(*, submission: Submission, examiner, week: int, anchor: str) -> None:
    """Where ``examiner`` is reading ``submission``: one upsert, so two tabs
    or a fast scroll posting at once still leave one row (the last word)."""
    ReadingPosition.objects.bulk_create(
        [
            ReadingPosition(
                submission=submission,
                examiner=examiner,
                week=week,
                anchor=anchor,
                updated_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["submission", "examiner"],
        update_fields=["week", "anchor", "updated_at"],
    )


# --- Private notes -------------------------------------------------------


class NoteForm(forms.Form):
    """An examiner's note on a section or the paper; empty clears it."""

    body = TextBox(
        max_length=NOTE_LIMIT,
        what="This note",
        rows=3,
        required=False,
        label="Your private note",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["class"] = "form-control form-control-sm"


def section_of(submission: Submission, key: str) -> SubmittedSection | None:
    """The frozen section ``key`` names in ``submission`` (reached through
    the access API), None for the final paper ("paper"); a key that is not
    one of this submission's sections is a 404, as a missing one is."""
    if key == PAPER_KEY:
        return None
    if not key.isdigit():
        raise Http404("No such section in this submission.")
    return exam_access.get_submitted_section_of(submission, int(key))


def note_save(
    *, submission: Submission, examiner, section: SubmittedSection | None, body: str
) -> ExaminerNote | None:
    """Keep ``examiner``'s note on ``section`` (None: the final paper) as
    ``body``; an empty body deletes it. Returns the note, or None once gone.

    Notes stay editable after the decision is recorded and released: they
    are the examiner's private working notes, not part of the record (the
    assessment is), and nobody but the examiner and the moderating
    coordinator reads them."""
    body = body.strip()
    mine = ExaminerNote.objects.filter(submission=submission, examiner=examiner, section=section)
    if not body:
        mine.delete()
        return None
    # One row per section even for two tabs saving at once: the unique
    # constraint (nulls not distinct, so the paper's note too) decides, and
    # update_or_create runs in its own transaction.
    note, _ = ExaminerNote.objects.update_or_create(
        submission=submission,
        examiner=examiner,
        section=section,
        defaults={"body": body, "updated_at": timezone.now()},
    )
    return note


@dataclass
class ModerationNote:
    examiner_name: str
    where: str
    body: str
    updated_at: datetime


def notes_for_moderation(submission: Submission) -> list[ModerationNote]:
    """Every examiner's private notes on ``submission``, for its coordinator
    reached as ``as_=Role.COORDINATOR`` (one query), by examiner then in
    reading order (the paper first)."""
    rows = (
        ExaminerNote.objects.filter(submission=submission)
        .select_related("examiner", "section__entry")
        .order_by(
            "examiner__full_name",
            "examiner_id",
            F("section__entry__position").asc(nulls_first=True),
            "section__position",
        )
    )
    notes = []
    for note in rows:
        if note.section is None:
            where = "Final paper"
        else:
            where = f"Week {note.section.entry.week} · {note.section.heading_title}"
        notes.append(
            ModerationNote(
                examiner_name=note.examiner.full_name,
                where=where,
                body=note.body,
                updated_at=note.updated_at,
            )
        )
    return notes
