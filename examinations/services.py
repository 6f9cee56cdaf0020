"""Writes for examination: the final paper, submitting, examiners, and the
programme's sheet and settings. Each is one transaction. Marking (the
mentor's report, assessments, the decision) is ``examinations.assessing``;
releasing results ``examinations.release``; cohorts' schemes
``examinations.schemes``."""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from entries.models import Entry, EntryStatus
from examinations import deadlines, schemes, selectors
from examinations.access import previous_version_of
from examinations.models import (
    PAPER_MAX_CHARS,
    AssessmentCriterion,
    Decision,
    ExaminerAssignment,
    FinalPaper,
    MentorReport,
    Outcome,
    ProgrammeSetting,
    Submission,
    SubmittedEntry,
    SubmittedSection,
)
from examinations.release import is_released
from examinations.signals import submission_made
from library.markdown import render_markdown
from mentors.models import Comment
from notifications.notices import notify
from notifications.outbox import send_after_commit
from pbas_logbook.models import AuditAction, Enrolment, EnrolmentStatus, NotificationKind, User
from records import audit

MENTOR_CANNOT_EXAMINE = (
    "The candidate's mentor cannot examine their logbook. Choose another examiner."
)


class PaperConflict(Exception):
    def __init__(self, paper: FinalPaper):
        super().__init__("The final paper was changed elsewhere.")
        self.paper = paper


# --- Final paper ------------------------------------------------------------------


@transaction.atomic
def paper_save(*, enrolment: Enrolment, title: str, body: str, version: int | None) -> FinalPaper:
    """Save the final paper with optimistic locking (same rule as entries)."""
    if len(body) > PAPER_MAX_CHARS:
        raise ValidationError(
            f"The final paper can be at most {PAPER_MAX_CHARS:,} characters; "
            f"it has {len(body):,}. Nothing was saved; your text is still on the page."
        )
    paper, created = FinalPaper.objects.select_for_update().get_or_create(enrolment=enrolment)
    if not created and paper.version != version:
        raise PaperConflict(paper)
    paper.title = title.strip()[:200]
    paper.body = body
    paper.body_html = render_markdown(body)
    paper.updated_at = timezone.now()
    if not created:
        paper.version = F("version") + 1
    paper.save()
    paper.refresh_from_db(fields=["version"])
    return paper


# --- Submitting ---------------------------------------------------------------------


@dataclass
class SubmissionPreview:
    """What a submission would contain now, and whether it may be made."""

    enrolment: Enrolment
    shared_count: int
    draft_count: int
    weeks_covered: int
    paper: FinalPaper | None
    open_threads: int
    latest: Submission | None
    problems: list[str] = field(default_factory=list)

    @property
    def can_submit(self) -> bool:
        return not self.problems

    @property
    def next_version(self) -> int:
        return (self.latest.version if self.latest else 0) + 1


def submission_preview(enrolment: Enrolment) -> SubmissionPreview:
    entries = Entry.objects.filter(enrolment=enrolment)
    shared_weeks = set(entries.filter(status=EntryStatus.SHARED).values_list("week", flat=True))
    paper = FinalPaper.objects.filter(enrolment=enrolment).first()
    latest = (
        Submission.objects.filter(enrolment=enrolment)
        .select_related("decision__release")
        .order_by("-version")
        .first()
    )
    preview = SubmissionPreview(
        enrolment=enrolment,
        shared_count=entries.filter(status=EntryStatus.SHARED).count(),
        draft_count=entries.filter(status=EntryStatus.DRAFT).count(),
        weeks_covered=len({w for w in shared_weeks if w <= enrolment.length_weeks}),
        paper=paper,
        open_threads=Comment.objects.filter(
            entry__enrolment=enrolment, parent__isnull=True, resolved_at__isnull=True
        ).count(),
        latest=latest,
    )
    if preview.shared_count == 0:
        preview.problems.append(
            "You have no shared entries. "
            "Share the entries you want examined with your mentor first."
        )
    if paper is None or not paper.is_written:
        preview.problems.append("Your final paper is missing. Write it before submitting.")
    if latest is not None:
        decision = getattr(latest, "decision", None)
        if decision is None or not is_released(decision):
            # A decision not yet released is, for the candidate, no decision.
            preview.problems.append(
                f"Version {latest.version} is already submitted and awaiting examination."
            )
        elif decision.outcome != Outcome.RESUBMIT:
            preview.problems.append(
                f"Version {latest.version} has been decided ({decision.get_outcome_display()}); "
                "a new submission is only possible after “Resubmission required”."
            )
    return preview


def content_hash(submission: Submission, entries: list[tuple[SubmittedEntry, list]]) -> str:
    """SHA-256 of a canonical JSON of everything the examiner reads."""
    document = {
        "candidate": submission.candidate_name,
        "cohort": submission.cohort_name,
        "version": submission.version,
        "paper": [submission.paper_title, submission.paper_body],
        "entries": [
            {
                "week": e.week,
                "title": e.title,
                "aims": e.aims,
                "phases": e.phases,
                "tools": e.tools,
                "partnerships": e.partnerships,
                "sections": [[s.heading_title, s.body] for s in sections],
            }
            for e, sections in entries
        ],
    }
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def submission_create(*, enrolment: Enrolment, by: User, expected_version: int) -> Submission:
    """Freeze the shared entries and the final paper into version n.

    ``expected_version`` comes from the confirmation page: a second click or
    a second tab confirming the same version gets the submission the first
    one made, never a second one.
    """
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("candidate", "cohort")
        .get(pk=enrolment.pk)
    )
    if enrolment.candidate_id != by.pk:
        raise PermissionDenied("Only the candidate can submit their logbook.")
    existing = Submission.objects.filter(enrolment=enrolment, version=expected_version).first()
    if existing is not None:
        return existing
    preview = submission_preview(enrolment)
    if not preview.can_submit:
        raise ValidationError(preview.problems)
    if preview.next_version != expected_version:
        raise ValidationError(
            "The submission page was out of date. Check what will be submitted and confirm again."
        )
    paper = preview.paper
    submission = Submission(
        enrolment=enrolment,
        version=expected_version,
        submitted_by=by,
        candidate_name=enrolment.candidate.full_name,
        cohort_name=enrolment.cohort.name,
        programme_weeks=enrolment.length_weeks,
        weeks_covered=preview.weeks_covered,
        paper_title=paper.title,
        paper_body=paper.body,
        paper_html=paper.body_html,
    )
    frozen = selectors.frozen_copies(enrolment)
    # The hash is computed before the insert: rows are never updated after.
    submission.content_hash = content_hash(submission, frozen)
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        return Submission.objects.get(enrolment=enrolment, version=expected_version)
    for copy, _ in frozen:
        copy.submission = submission
    SubmittedEntry.objects.bulk_create([copy for copy, _ in frozen])
    all_sections = []
    for copy, sections in frozen:
        for section in sections:
            section.entry = copy
            all_sections.append(section)
    SubmittedSection.objects.bulk_create(all_sections)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.SUBMITTED)
    submission_made.send(sender=Submission, submission=submission)
    audit.record(
        actor=by,
        action=AuditAction.SUBMITTED,
        subject=enrolment.candidate,
        detail=f"version {submission.version}, hash {submission.content_hash[:12]}",
        role="candidate",
    )

    url = reverse("examinations:receipt", args=[submission.public_id])
    send_after_commit(
        to=enrolment.candidate.email,
        template_prefix="emails/submission_receipt",
        context={"submission": submission, "link": url},
        reader=enrolment.candidate,
    )
    notify(
        recipient=enrolment.mentor,
        actor=by,
        kind=NotificationKind.SUBMISSION,
        message=f"{enrolment.candidate.full_name} submitted their logbook (version "
        f"{submission.version}); your mentor's report is due",
        url=reverse("examinations:mentor_report", args=[submission.public_id]),
    )
    return submission


# --- Examiners ----------------------------------------------------------------------

EXAMINERS_FIXED = "The decision is recorded; examiners can no longer be changed."


def refuse_if_decided(
    submission: Submission,
    refusal="The final decision is recorded: this can no longer be changed.",
) -> None:
    """The one rule after a decision: nothing about the examination changes
    (reports, assessments, the examiners, a second decision). ``refusal`` is
    the ValidationError's message, in the words of the form refused."""
    if Decision.objects.filter(submission=submission).exists():
        raise ValidationError(refusal)


@transaction.atomic
def examiner_assign(
    *, submission: Submission, examiner: User, by: User, due_at=None
) -> ExaminerAssignment:
    """Assign ``examiner`` with their assessment due at ``due_at`` (three
    weeks ahead at 17:00 when not given). Assigning someone already
    assigned changes nothing."""
    enrolment = submission.enrolment
    if refusal := _examiner_refusal(submission, examiner):
        raise ValidationError({"examiner": refusal[0]})
    # Same rule as unassigning: after the decision nobody new reads it as examiner.
    refuse_if_decided(submission, {"examiner": EXAMINERS_FIXED})
    now = timezone.now()
    due_at = due_at or deadlines.default_due(now)
    problem = deadlines.due_problem(due_at, now=now)
    if problem:
        raise ValidationError({"due_at": problem})
    assignment, created = ExaminerAssignment.objects.get_or_create(
        submission=submission,
        examiner=examiner,
        defaults={"assigned_by": by, "assigned_at": now, "due_at": due_at},
    )
    if created:
        audit.record(
            actor=by,
            action=AuditAction.EXAMINER_ASSIGNED,
            subject=enrolment.candidate,
            detail=f"{examiner.full_name} on version {submission.version}, "
            f"due {deadlines.when(due_at)}",
            role="coordinator",
        )
        notify(
            recipient=examiner,
            actor=by,
            kind=NotificationKind.SUBMISSION,
            message=_assigned_message(submission, due_at),
            url=_assigned_url(submission),
        )
    return assignment


def _assigned_message(submission: Submission, due_at) -> str:
    what = f"You have been asked to examine a logbook ({submission.cohort_name})"
    if submission.version > 1:
        # A resubmission: the examiner starts from what changed.
        what += f": version {submission.version} — compare with version {submission.version - 1}"
    return f"{what}; due {deadlines.when(due_at)}"


def _assigned_url(submission: Submission) -> str:
    name = "examinations:compare" if submission.version > 1 else "examinations:reading"
    return reverse(name, args=[submission.public_id])


DUE_FIXED = "The decision is recorded; due dates can no longer be changed."


@transaction.atomic
def due_date_set(*, submission: Submission, examiner: User, due_at, by: User):
    """Move an examiner's due date (audited, the examiner told). Its two
    reminders are sent again for the new date."""
    refuse_if_decided(submission, {"due_at": DUE_FIXED})
    assignment = (
        ExaminerAssignment.objects.select_for_update()
        .select_related("examiner")
        .get(submission=submission, examiner=examiner)
    )
    problem = deadlines.due_problem(due_at, assigned_at=assignment.assigned_at)
    if problem:
        raise ValidationError({"due_at": problem})
    if assignment.due_at == due_at:
        return assignment
    before = deadlines.when(assignment.due_at) if assignment.due_at else "none"
    assignment.due_at = due_at
    assignment.reminded_before_at = None
    assignment.reminded_overdue_at = None
    assignment.save(update_fields=["due_at", "reminded_before_at", "reminded_overdue_at"])
    audit.record(
        actor=by,
        action=AuditAction.DUE_DATE_SET,
        subject=submission.enrolment.candidate,
        detail=f"{examiner.full_name} on version {submission.version}: "
        f"due {deadlines.when(due_at)} (was {before})",
        role="coordinator",
    )
    notify(
        recipient=examiner,
        actor=by,
        kind=NotificationKind.SUBMISSION,
        message=f"Your assessment of a logbook ({submission.cohort_name}, version "
        f"{submission.version}) is now due {deadlines.when(due_at)}",
        url=reverse("examinations:assess", args=[submission.public_id]),
    )
    return assignment


# --- Resubmission (issue 12 item 5) -----------------------------------------------


@dataclass
class KeptExaminer:
    """An examiner of the previous version, and why they cannot be kept."""

    examiner: User
    problem: str = ""


def _examiner_refusal(submission: Submission, examiner: User) -> tuple[str, str] | None:
    """Why ``examiner`` may not examine ``submission``: the assign form's
    message and the resubmission card's short reason; None when they may.
    One list of rules for assigning and for keeping an earlier examiner."""
    enrolment = submission.enrolment
    if not examiner.is_examiner or not examiner.is_active:
        return "This person is not an active examiner.", "no longer an active examiner"
    if examiner.pk == enrolment.mentor_id:
        return MENTOR_CANNOT_EXAMINE, "now the candidate's mentor"
    if examiner.pk == enrolment.candidate_id:
        return "A candidate cannot examine their own logbook.", "the candidate"
    return None


def examiner_problem(submission: Submission, examiner: User) -> str:
    """Why ``examiner`` can no longer examine ``submission``, or ""."""
    refusal = _examiner_refusal(submission, examiner)
    return refusal[1] if refusal else ""


def examiners_to_keep(submission: Submission) -> tuple[Submission | None, list[KeptExaminer]]:
    """The version before ``submission`` and its examiners not yet assigned
    to this one, each with why they cannot be kept ("" when they can).
    Nothing for a first version (no query)."""
    if submission.version < 2:
        return None, []
    previous = previous_version_of(submission)
    if previous is None:
        return None, []
    already = ExaminerAssignment.objects.filter(submission=submission).values("examiner")
    earlier = (
        ExaminerAssignment.objects.filter(submission=previous)
        .exclude(examiner__in=already)
        .select_related("examiner")
        .order_by("examiner__full_name")
    )
    kept = [KeptExaminer(a.examiner, examiner_problem(submission, a.examiner)) for a in earlier]
    return previous, kept


@transaction.atomic
def examiners_keep(*, submission: Submission, due_at, by: User):
    """Assign the previous version's examiners to ``submission`` through
    ``examiner_assign`` (each audited and told). Returns (assigned, skipped),
    the skipped with their reason; a bad due date refuses them all."""
    refuse_if_decided(submission, {"due_at": EXAMINERS_FIXED})
    problem = deadlines.due_problem(due_at)
    if problem:
        raise ValidationError({"due_at": problem})
    _, candidates = examiners_to_keep(submission)
    assigned, skipped = [], []
    for kept in candidates:
        if kept.problem:
            skipped.append(kept)
            continue
        examiner_assign(submission=submission, examiner=kept.examiner, by=by, due_at=due_at)
        assigned.append(kept.examiner)
    return assigned, skipped


def report_start(submission: Submission, mentor: User):
    """The mentor's report on the previous version, when ``mentor`` wrote it
    and has not yet written one on ``submission``: the new report starts
    from a copy of it (nothing is saved until the mentor saves)."""
    if submission.version < 2:
        return None
    return (
        MentorReport.objects.filter(
            submission__enrolment=submission.enrolment,
            submission__version__lt=submission.version,
            mentor=mentor,
        )
        .select_related("submission")
        .order_by("-submission__version")
        .first()
    )


def examiner_unassign(*, submission: Submission, examiner: User, by: User | None = None) -> None:
    """Revoke at once: the examiner's next request for it is a 404."""
    refuse_if_decided(submission, EXAMINERS_FIXED)
    deleted, _ = ExaminerAssignment.objects.filter(
        submission=submission, examiner=examiner
    ).delete()
    if deleted:
        audit.record(
            actor=by,
            action=AuditAction.EXAMINER_UNASSIGNED,
            subject=submission.enrolment.candidate,
            detail=f"{examiner.full_name} from version {submission.version}",
            role="coordinator",
        )


# --- Criteria and programme settings ---------------------------------------------


@transaction.atomic
def criteria_save(
    *,
    changed: list[AssessmentCriterion],
    removed: list[AssessmentCriterion],
    setting: ProgrammeSetting,
) -> None:
    """Save a coordinator's edits to the assessment criteria with the
    programme settings: ``changed`` holds the new and edited criteria (not
    yet saved), ``removed`` the ones to delete.

    The criteria kept must weigh 100% between them, or nothing is saved:
    examiners' notes and marks are read against those weights. The rows are
    locked, so two coordinators saving at once are summed one after the other.
    """
    sheet = AssessmentCriterion.objects.filter(scheme__isnull=True).select_for_update()
    weights = {c.pk: c.weight for c in sheet}
    for criterion in removed:
        weights.pop(criterion.pk, None)
    weights.update({c.pk: c.weight for c in changed if c.pk is not None})
    schemes.check_weights(list(weights.values()) + [c.weight for c in changed if c.pk is None])
    for criterion in removed:
        criterion.delete()
    for criterion in changed:
        criterion.save()
    setting.save()
