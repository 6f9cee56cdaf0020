"""Who may reach a submission (the access API of pbas_logbook/access.py, for
examination).

A frozen submission is read by its candidate, their current mentor and the
examiners assigned to it; everyone else gets 404, coordinators included:
they manage the record (``as_=Role.COORDINATOR``: assignments, decision,
dates), never the text. Inside a submission, what a reader may do depends
on which of these they are (``reader_role``), and doing what another reader
does (a mentor recording an assessment) is a 403: the page exists for them,
the action does not.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet

from examinations.models import (
    ExaminerAssignment,
    Submission,
    SubmittedEntry,
    SubmittedSection,
)
from pbas_logbook.access import enrolment_mentor_q, enrolment_owner_q, get_or_404, holds
from pbas_logbook.models import Role

_ENROLMENT = ("enrolment__candidate", "enrolment__mentor", "enrolment__cohort")


def _assigned(user):
    return Exists(ExaminerAssignment.objects.filter(submission=OuterRef("pk"), examiner=user))


def submissions_for(user, *, as_: Role | None = None) -> QuerySet[Submission]:
    """Submissions ``user`` may open: as the candidate, their own; as the
    mentor, their current mentees'; as an examiner, those assigned to them;
    as a coordinator, every record; without ``as_``, any they may read."""
    if as_ == Role.CANDIDATE:
        return Submission.objects.filter(enrolment_owner_q(user, "enrolment__"))
    if as_ == Role.MENTOR:
        return Submission.objects.filter(enrolment_mentor_q(user, "enrolment__"))
    if as_ in (Role.EXAMINER, Role.COORDINATOR) and not holds(user, as_):
        return Submission.objects.none()
    if as_ == Role.EXAMINER:
        return Submission.objects.filter(_assigned(user))
    if as_ == Role.COORDINATOR:
        return Submission.objects.all()
    return Submission.objects.visible_to(user)


def get_submission_for(
    user, public_id, *, as_: Role | None = None, related: tuple[str, ...] = ()
) -> Submission:
    """One submission ``user`` may open (see submissions_for), with its
    enrolment and people joined in; ``related`` names more one-to-one
    relations to join (``"decision"``, ``"mentor_report"``). A reader's
    submission knows whether they are assigned to it (for reader_role)."""
    qs = submissions_for(user, as_=as_).select_related(*_ENROLMENT, *related)
    if as_ != Role.COORDINATOR and user.is_authenticated:
        qs = qs.annotate(reader_is_assigned=_assigned(user))
    return get_or_404(qs, public_id=public_id)


def reader_role(user, submission: Submission) -> Role:
    """Which reader ``user`` is of a submission reached by get_submission_for:
    the candidate, the current mentor or an assigned examiner, asked in that
    order (never decided by elimination)."""
    if user.pk == submission.enrolment.candidate_id:
        return Role.CANDIDATE
    if submission.enrolment.mentor_id is not None and user.pk == submission.enrolment.mentor_id:
        return Role.MENTOR
    if getattr(submission, "reader_is_assigned", False):
        return Role.EXAMINER
    # Unreachable through get_submission_for; refuse rather than guess.
    raise PermissionDenied("You do not read this submission.")


def require_reader(user, submission: Submission, *roles: Role, action: str) -> Role:
    """403 unless ``user`` reads ``submission`` as one of ``roles``; ``action``
    says who may ("Only an assigned examiner records an assessment.")."""
    role = reader_role(user, submission)
    if role not in roles:
        raise PermissionDenied(action)
    return role


def get_submitted_entry_of(submission: Submission, position) -> SubmittedEntry:
    """One frozen entry of ``submission`` (already reached), with its sections."""
    return get_or_404(submission.entries.prefetch_related("sections"), position=position)


def get_submitted_section_of(submission: Submission, section_id) -> SubmittedSection:
    """One frozen section of ``submission`` (already reached), with its
    entry; a section of another submission is a 404, as a missing one is."""
    sections = SubmittedSection.objects.filter(entry__submission=submission)
    return get_or_404(sections.select_related("entry"), pk=section_id)


def previous_version_of(submission: Submission) -> Submission | None:
    """The version submitted before this one, if any (same readers: it is the
    same enrolment's)."""
    return (
        Submission.objects.filter(enrolment=submission.enrolment, version__lt=submission.version)
        .order_by("-version")
        .first()
    )


def get_assignment_of(submission: Submission, examiner_id) -> ExaminerAssignment:
    """An examiner's assignment to ``submission`` (reached as its coordinator)."""
    return get_or_404(submission.assignments.select_related("examiner"), examiner_id=examiner_id)
