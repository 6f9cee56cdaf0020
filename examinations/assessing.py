"""Writes for marking (issue 12): the mentor's report, each examiner's
assessment on the cohort's rubric, and the coordinator's decision after
double marking and, where the examiners disagree, moderation.

Each is one transaction that locks the submission, so two examiners saving
at once, or two coordinators deciding at once, are taken one after the
other. The arithmetic and the rules live in ``examinations.marking``; here
they are applied and recorded.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from examinations import marking
from examinations.models import (
    Assessment,
    Decision,
    ExaminerAssignment,
    MentorReport,
    Outcome,
    Submission,
)
from examinations.services import refuse_if_decided
from library.markdown import render_markdown
from pbas_logbook.models import AuditAction, User
from records import audit

DECISION_WAITS = (
    "Waiting for {waiting} more assessment(s) of {required}: the decision follows the examination."
)
MODERATION_NEEDS_MARK = "Moderation needs the agreed mark."
MODERATION_NEEDS_REASON = "Say why this is the agreed mark and outcome."


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("enrolment__cohort__marking_scheme")
        .get(pk=submission.pk)
    )


def _rubric(submission: Submission):
    scheme = submission.enrolment.cohort.marking_scheme
    return scheme, marking.scheme_criteria(scheme)


def _rubric_total(criteria, criterion_marks: dict, *, typed_mark: int | None) -> int:
    """The weighted total of ``criterion_marks``, checked against the sheet;
    a sheet without criteria keeps the typed mark (the only case it is)."""
    if not criteria:
        if typed_mark is None:
            raise ValidationError({"mark": "Give a mark out of 100."})
        return typed_mark
    marks = {key: value for key, value in (criterion_marks or {}).items() if value is not None}
    problems = marking.check_marks(criteria, marks)
    if problems:
        raise ValidationError({f"mark_{key}": message for key, message in problems.items()})
    return marking.weighted_total(criteria, marks)


@transaction.atomic
def mentor_report_save(
    *,
    submission: Submission,
    mentor: User,
    body: str,
    criterion_notes: dict,
    criterion_marks: dict | None = None,
    proposed_mark: int | None = None,
) -> MentorReport:
    """The mentor's report with a proposed mark per criterion (their total
    computed as the examiners' is), shown beside each examiner's form."""
    if submission.enrolment.mentor_id != mentor.pk:
        raise PermissionDenied("Only the candidate's mentor writes the mentor's report.")
    submission = _locked(submission)
    refuse_if_decided(submission)
    _, criteria = _rubric(submission)
    total = _rubric_total(criteria, criterion_marks, typed_mark=proposed_mark)
    report, _ = MentorReport.objects.update_or_create(
        submission=submission,
        defaults={
            "mentor": mentor,
            "body": body,
            "body_html": render_markdown(body),
            "proposed_mark": total,
            "criterion_marks": criterion_marks or {},
            "criterion_notes": criterion_notes,
            "updated_at": timezone.now(),
        },
    )
    return report


@transaction.atomic
def assessment_record(
    *,
    submission: Submission,
    examiner: User,
    outcome: str,
    feedback: str,
    criterion_notes: dict,
    criterion_marks: dict | None = None,
    outcome_reason: str = "",
    mark: int | None = None,
) -> Assessment:
    """An assigned examiner's assessment: a mark per criterion, the total
    computed, an outcome, and a reason when the outcome is not the one the
    total suggests. Revisable until the decision."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose one of the listed outcomes."})
    if not ExaminerAssignment.objects.filter(submission=submission, examiner=examiner).exists():
        raise PermissionDenied("You are not assigned to this submission.")
    submission = _locked(submission)
    refuse_if_decided(submission)
    scheme, criteria = _rubric(submission)
    total = _rubric_total(criteria, criterion_marks, typed_mark=mark)
    outcome_reason = outcome_reason.strip()
    question = marking.contradiction(scheme, outcome, total) if criteria else ""
    if question and not outcome_reason:
        raise ValidationError({"outcome_reason": question})
    now = timezone.now()
    written = {
        "outcome": outcome,
        "mark": total,
        "feedback": feedback,
        "feedback_html": render_markdown(feedback),
        "criterion_notes": criterion_notes,
        "criterion_marks": criterion_marks or {},
        "outcome_reason": outcome_reason if question else "",
        "updated_at": now,
    }
    assessment, _ = Assessment.objects.update_or_create(
        submission=submission,
        examiner=examiner,
        defaults=written,
        create_defaults={**written, "recorded_at": now},
    )
    audit.record(
        actor=examiner,
        action=AuditAction.ASSESSED,
        subject=submission.enrolment.candidate,
        detail=f"version {submission.version}: {assessment.get_outcome_display()}, {total}/100",
        role="examiner",
    )
    return assessment


def marking_state_of(submission: Submission) -> marking.MarkingState:
    """Where the marking of ``submission`` stands: the assessments of the
    examiners assigned now, against what its cohort requires."""
    scheme = submission.enrolment.cohort.marking_scheme
    assigned = set(submission.assignments.values_list("examiner_id", flat=True))
    assessments = [a for a in submission.assessments.all() if a.examiner_id in assigned]
    return marking.marking_state(scheme, assessments, len(assigned))


@transaction.atomic
def decision_record(
    *,
    submission: Submission,
    by: User,
    outcome: str,
    mark: int | None,
    feedback: str,
    moderation_reason: str = "",
) -> Decision:
    """The coordinator's decision, once the required assessments are in; when
    they disagree (examinations.marking), an agreed mark with a reason. The
    result is not shown to anyone until it is released
    (examinations.release)."""
    if not by.is_coordinator:
        raise PermissionDenied("Only a coordinator records the final decision.")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose one of the listed outcomes."})
    submission = _locked(submission)
    refuse_if_decided(submission)
    state = marking_state_of(submission)
    if not state.complete:
        raise ValidationError(
            DECISION_WAITS.format(waiting=state.waiting_for, required=state.required)
        )
    moderation_reason = moderation_reason.strip()
    if state.needs_moderation:
        problems = {}
        if mark is None:
            problems["mark"] = MODERATION_NEEDS_MARK
        if not moderation_reason:
            problems["moderation_reason"] = MODERATION_NEEDS_REASON
        if problems:
            raise ValidationError(problems)
    decision = Decision.objects.create(
        submission=submission,
        outcome=outcome,
        mark=mark,
        feedback=feedback,
        feedback_html=render_markdown(feedback),
        decided_by=by,
        moderation_reason=moderation_reason if state.needs_moderation else "",
    )
    enrolment = submission.enrolment
    if state.needs_moderation:
        audit.record(
            actor=by,
            action=AuditAction.MODERATED,
            subject=enrolment.candidate,
            detail=f"version {submission.version}: agreed {mark}/100 "
            f"({' '.join(state.moderation)})",
            role="coordinator",
        )
    audit.record(
        actor=by,
        action=AuditAction.DECIDED,
        subject=enrolment.candidate,
        detail=f"version {submission.version}: {decision.get_outcome_display()}",
        role="coordinator",
    )
    # The enrolment's status follows the result when it is released
    # (examinations.release): until then it stays "submitted".
    return decision
