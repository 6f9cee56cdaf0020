"""The marks of a cohort as a CSV for the coordinator (issue 12, item 6):
one line per examiner's assessment, each criterion's mark, the total and
outcome, then the mentor's proposal, the agreed mark and the decision.

No logbook text, feedback or comment leaves in it: marks and outcomes only.
Queries: four, whatever the cohort's size.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from examinations import marking
from examinations.models import Assessment, Outcome, Submission
from examinations.release import release_of


def _label(outcome: str) -> str:
    return str(Outcome(outcome).label) if outcome else ""


def marks_rows(cohort) -> list[list]:
    criteria = marking.scheme_criteria(marking.scheme_of(cohort))
    submissions = (
        Submission.objects.filter(enrolment__cohort=cohort)
        .select_related("decision", "decision__release", "mentor_report")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("examiner").order_by("recorded_at"),
            )
        )
        .order_by("candidate_name", "version")
    )
    header = [
        "Candidate",
        "Version",
        "Submitted",
        "Examiner",
        *[f"{c.name} (/{c.max_mark})" for c in criteria],
        "Examiner's total",
        "Examiner's outcome",
        "Mentor's proposed total",
        "Agreed mark",
        "Decision",
        "Moderated",
        "Released",
    ]
    rows = [header]
    for submission in submissions:
        report = getattr(submission, "mentor_report", None)
        decision = getattr(submission, "decision", None)
        release = release_of(decision)
        tail = [
            report.proposed_mark if report else "",
            decision.mark if decision and decision.mark is not None else "",
            _label(decision.outcome) if decision else "",
            "yes" if decision and decision.moderation_reason else "",
            timezone.localtime(release.release_at).strftime("%Y-%m-%d %H:%M") if release else "",
        ]
        head = [
            submission.candidate_name,
            submission.version,
            timezone.localtime(submission.submitted_at).date().isoformat(),
        ]
        assessments = list(submission.assessments.all())
        if not assessments:
            rows.append([*head, "", *[""] * len(criteria), "", "", *tail])
        for a in assessments:
            marks = [a.criterion_marks.get(str(c.pk), "") for c in criteria]
            rows.append([*head, a.examiner.full_name, *marks, a.mark, _label(a.outcome), *tail])
    return rows


def marks_filename(cohort) -> str:
    return f"{slugify(cohort.name) or 'cohort'}-marks-{timezone.localdate():%Y-%m-%d}.csv"
