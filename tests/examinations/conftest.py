"""Helpers for the examination tests: logbooks written through the services,
final papers, submissions and decisions."""

import pytest

from entries.models import Entry
from entries.services import EntryText, entry_save, headings_apply_preset
from examinations import assessing, marking, release, services
from examinations.models import FinalPaper, Outcome, Submission

# The "short" preset, in order.
HEADINGS = ["Issues", "Thoughts", "Working well!", "Unexpected outcomes", "Lessons"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast sets nine passwords; these tests check examinations, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def write(enrolment, week, *, title=None, aims="", bodies=None, share=True, **tags) -> Entry:
    """An entry saved (and by default shared) through the service."""
    count = enrolment.headings.count()
    if bodies is None:
        bodies = [f"Week {week}: the partners met and talked."] + [""] * (count - 1)
    return entry_save(
        enrolment=enrolment,
        text=EntryText(
            week=week,
            title=f"Week {week} notes" if title is None else title,
            aims=aims,
            bodies=list(bodies),
            **tags,
        ),
        share=share,
    )


def edit(entry: Entry, **changes) -> Entry:
    """Save ``entry`` again with some parts changed (``bodies``, ``title``...)."""
    entry = Entry.objects.get(pk=entry.pk)
    text = EntryText.from_entry(entry)
    for name, value in changes.items():
        setattr(text, name, value)
    return entry_save(enrolment=entry.enrolment, text=text, entry=entry, version=entry.version)


def write_paper(enrolment, body="## My journey\n\nWhat I learned as a broker.", title="My journey"):
    paper = FinalPaper.objects.filter(enrolment=enrolment).first()
    return services.paper_save(
        enrolment=enrolment, title=title, body=body, version=paper.version if paper else None
    )


def submit(enrolment, version=1) -> Submission:
    return services.submission_create(
        enrolment=enrolment, by=enrolment.candidate, expected_version=version
    )


# A total out of 100 that each outcome's band holds on the default scheme
# (accredited from 50, distinction from 75, resubmission from 30).
TOTAL_FOR = {
    Outcome.DISTINCTION: 80,
    Outcome.ACCREDITED: 60,
    Outcome.RESUBMIT: 40,
    Outcome.NOT_ACCREDITED: 20,
}


def marks_for(submission, total: int) -> dict[str, int]:
    """Criterion marks of the submission's cohort sheet whose weighted total
    is ``total`` (each criterion given the same share of its range)."""
    criteria = marking.scheme_criteria(submission.enrolment.cohort.marking_scheme)
    marks = {str(c.pk): round(c.max_mark * total / 100) for c in criteria}
    assert marking.weighted_total(criteria, marks) == total, "pick a total the sheet can reach"
    return marks


def examine(cast, submission, outcome=Outcome.RESUBMIT, *, examiner=None, total=None) -> None:
    """An examiner (the cast's, unless named) assigned if not yet, and their
    assessment recorded on the rubric: what a decision rests on. The total
    is one the outcome's band holds, unless given."""
    examiner = examiner or cast.examiner
    if not submission.assignments.filter(examiner=examiner).exists():
        services.examiner_assign(submission=submission, examiner=examiner, by=cast.coordinator)
    total = TOTAL_FOR[outcome] if total is None else total
    assessing.assessment_record(
        submission=submission,
        examiner=examiner,
        outcome=outcome,
        criterion_marks=marks_for(submission, total),
        outcome_reason=""
        if marking.suggested_outcome(submission.enrolment.cohort.marking_scheme, total) == outcome
        else "Examined against the bands.",
        feedback="Examined.",
        criterion_notes={},
    )


def decide(cast, submission, outcome=Outcome.RESUBMIT, *, examiner=None, released=True) -> None:
    """The coordinator's final decision, after the assessments it rests on
    (every assigned examiner's, at least one), released at once unless not."""
    if not submission.assessments.exists():
        examine(cast, submission, outcome, examiner=examiner)
    for assignment in submission.assignments.exclude(
        examiner__in=submission.assessments.values("examiner")
    ):
        examine(cast, submission, outcome, examiner=assignment.examiner)
    decision = assessing.decision_record(
        submission=submission, by=cast.coordinator, outcome=outcome, mark=50, feedback="Decided."
    )
    if released:
        release.release_set(decision=decision, by=cast.coordinator)
        release.tell_due()


def logbook(enrolment, weeks, *, drafts=(), paper=True, preset="short") -> list[Entry]:
    """Headings, ``weeks`` shared entries (one section written each), the
    ``drafts`` weeks as drafts, and a final paper."""
    headings_apply_preset(enrolment=enrolment, key=preset)
    entries = [write(enrolment, week) for week in weeks]
    for week in drafts:
        write(enrolment, week, title="A private draft", share=False)
    if paper:
        write_paper(enrolment)
    return entries


@pytest.fixture
def submitted(cast):
    """Cat's logbook: weeks 1-3 shared, week 4 a draft, a paper; version 1."""
    logbook(cast.enrolment, [1, 2, 3], drafts=[4])
    return submit(cast.enrolment)
