"""Examination's part of a person's data (see accounts/personal_data.py)."""

from accounts.personal_data import ClosureItem
from examinations.models import Assessment, Decision, ExaminerNote, FinalPaper, Submission
from examinations.release import decision_seen_by
from pbas_logbook.models import Role, TextRevision


def _decision(submission) -> str | None:
    """The outcome as the candidate may see it: only once released (issue
    12), so the download never tells what the pages do not yet."""
    decision = decision_seen_by(getattr(submission, "decision", None), Role.CANDIDATE)
    return decision.get_outcome_display() if decision else None


def export(user) -> dict:
    paper = FinalPaper.objects.filter(enrolment__candidate=user).first()
    submissions = Submission.objects.filter(enrolment__candidate=user).select_related(
        "decision__release"
    )
    # An examiner's private notes are theirs to take (the reading room).
    notes = (
        ExaminerNote.objects.filter(examiner=user)
        .select_related("submission", "section")
        .order_by("submission__submitted_at", "section__entry__position", "section__position")
    )
    return {
        "final_paper": {"title": paper.title, "text": paper.body} if paper else None,
        "submissions": [
            {
                "version": s.version,
                "submitted_at": s.submitted_at.isoformat(),
                "content_hash": s.content_hash,
                "decision": _decision(s),
            }
            for s in submissions
        ],
        "examiner_notes": [
            {
                "submission": str(n.submission.public_id),
                "version": n.submission.version,
                "on": n.section.heading_title if n.section else "Final paper",
                "note": n.body,
                "updated_at": n.updated_at.isoformat(),
            }
            for n in notes
        ],
    }


def closure(user) -> list:
    submissions = Submission.objects.filter(enrolment__candidate=user)
    return [
        ClosureItem(
            "Final paper (live copy)",
            FinalPaper.objects.filter(enrolment__candidate=user).count(),
            False,
        ),
        ClosureItem(
            "Submitted logbooks (frozen copies)",
            submissions.count(),
            True,
            "the programme keeps examination records",
        ),
        ClosureItem(
            "Assessments and decisions",
            Assessment.objects.filter(submission__in=submissions).count()
            + Decision.objects.filter(submission__in=submissions).count(),
            True,
            "the programme keeps examination records",
        ),
        ClosureItem(
            "Your private notes as an examiner",
            ExaminerNote.objects.filter(examiner=user).count(),
            True,
            "kept with the examination they were written for (the coordinator reads them "
            "when moderating)",
        ),
    ]


def close(user) -> None:
    papers = FinalPaper.objects.filter(enrolment__candidate=user)
    ids = list(papers.values_list("pk", flat=True))
    papers.delete()
    TextRevision.objects.filter(table_name="examinations_finalpaper", row_id__in=ids).delete()
