"""Examination's part of a person's data (see accounts/personal_data.py)."""

from accounts.personal_data import ClosureItem
from examinations.models import Assessment, Decision, FinalPaper, Submission
from pbas_logbook.models import TextRevision


def export(user) -> dict:
    paper = FinalPaper.objects.filter(enrolment__candidate=user).first()
    submissions = Submission.objects.filter(enrolment__candidate=user).select_related("decision")
    return {
        "final_paper": {"title": paper.title, "text": paper.body} if paper else None,
        "submissions": [
            {
                "version": s.version,
                "submitted_at": s.submitted_at.isoformat(),
                "content_hash": s.content_hash,
                "decision": s.decision.get_outcome_display() if hasattr(s, "decision") else None,
            }
            for s in submissions
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
    ]


def close(user) -> None:
    papers = FinalPaper.objects.filter(enrolment__candidate=user)
    ids = list(papers.values_list("pk", flat=True))
    papers.delete()
    TextRevision.objects.filter(table_name="examinations_finalpaper", row_id__in=ids).delete()
