"""Reads for examination pages, each in a fixed number of queries."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Exists, OuterRef, Prefetch

from entries.models import Entry, EntryStatus
from entries.search_language import logbook_configuration
from examinations.models import (
    Assessment,
    AssessmentCriterion,
    Decision,
    FinalPaper,
    MentorReport,
    Submission,
    SubmittedEntry,
    SubmittedSection,
)
from library.highlight import Headline
from mentors.models import Comment


def frozen_entries(submission: Submission) -> list[SubmittedEntry]:
    """The submission's entries with their sections: two queries."""
    return list(
        SubmittedEntry.objects.filter(submission=submission).prefetch_related(
            Prefetch("sections", queryset=SubmittedSection.objects.order_by("position"))
        )
    )


def frozen_entry_fields(entry) -> dict:
    """What a submitted entry copies from the live one, as it stands: the
    text, its tags and its sharing record (position, partnerships and the
    submission are the caller's). One list for the submission and for
    seed_scale's bulk rows, so a field added to the frozen copy reaches both."""
    return {
        "source_public_id": entry.public_id,
        "week": entry.week,
        "title": entry.title,
        "aims": entry.aims,
        "aims_html": entry.aims_html,
        "phases": list(entry.phases),
        "tools": list(entry.tools),
        "written_at": entry.created_at,
        "first_shared_at": entry.first_shared_at,
        "edited_after_sharing": entry.edited_after_sharing,
        "first_shared_text": entry.first_shared_text,
    }


def frozen_copies(enrolment) -> list[tuple[SubmittedEntry, list[SubmittedSection]]]:
    """The candidate's shared entries as submitting now would freeze them:
    unsaved copies in logbook order (week, then when written), each with its
    sections in order. What ``services.submission_create`` stores and the
    research preview shows. Three queries (entries, sections, partnerships)."""
    live = (
        Entry.objects.filter(enrolment=enrolment, status=EntryStatus.SHARED)
        .order_by("week", "created_at")
        .prefetch_related("sections", "partnerships")
    )
    frozen = []
    for position, entry in enumerate(live):
        copy = SubmittedEntry(
            position=position,
            partnerships=sorted(p.name for p in entry.partnerships.all()),
            **frozen_entry_fields(entry),
        )
        sections = [
            SubmittedSection(
                position=s.position,
                heading_title=s.heading_title,
                body=s.body,
                body_html=s.body_html,
            )
            # EntrySection's own ordering (position) applies to the prefetch.
            for s in entry.sections.all()
        ]
        frozen.append((copy, sections))
    return frozen


def search_submission(submission: Submission, q: str):
    """Sections of one submission matching ``q``, with highlighted snippets
    (safe HTML, see library.highlight).
    A submission is small, so the vector is computed on the fly, in its
    writer's language (entries.search_language)."""
    config = logbook_configuration(submission.enrolment)
    query = SearchQuery(q, search_type="websearch", config=config)
    return (
        SubmittedSection.objects.filter(entry__submission=submission)
        .annotate(
            vector=SearchVector("heading_title", "body", config=config),
            snippet=Headline("body", query, config=config, max_fragments=2),
        )
        .filter(vector=query)
        .select_related("entry")
        .order_by("entry__position", "position")
    )


def examiner_queue(examiner):
    """Submissions assigned to the examiner, those still waiting for their
    assessment first, then the newest."""
    mine = Assessment.objects.filter(submission=OuterRef("pk"), examiner=examiner)
    return (
        Submission.objects.assigned_to(examiner)
        .select_related("enrolment__cohort", "decision")
        .annotate(assessed=Exists(mine))
        .order_by("assessed", "-submitted_at")
    )


# --- One submission's records (the submission reached through examinations.access)


def decision_of(submission: Submission) -> Decision | None:
    """The recorded decision with its release (see examinations.release)."""
    return Decision.objects.filter(submission=submission).select_related("release").first()


def mentor_report_of(submission: Submission) -> MentorReport | None:
    return MentorReport.objects.filter(submission=submission).first()


def assessments_of(submission: Submission) -> list[Assessment]:
    return list(
        Assessment.objects.filter(submission=submission)
        .select_related("examiner")
        .order_by("recorded_at", "pk")
    )


def cohort_criteria(submission: Submission):
    """The criteria the submission is marked on: its cohort's scheme (one
    query, the scheme itself not read)."""
    return list(
        AssessmentCriterion.objects.filter(
            scheme__cohort_id=submission.enrolment.cohort_id
        ).order_by("position", "pk")
    )


def assessment_by(submission: Submission, examiner) -> Assessment | None:
    return Assessment.objects.filter(submission=submission, examiner=examiner).first()


def criteria():
    """The programme's sheet: the criteria, in their order, that each new
    cohort's marking scheme starts from (not private)."""
    return AssessmentCriterion.objects.filter(scheme__isnull=True)


def paper_of(enrolment) -> FinalPaper | None:
    """The live final paper of an enrolment reached through the access API."""
    return FinalPaper.objects.filter(enrolment=enrolment).first()


def mentor_comments_at_submission(submission: Submission, entries) -> dict:
    """Mentor comments on the live entries the submission was made from, as
    they stood when it was submitted: the examiner reads what was submitted,
    not the conversation that goes on about the live logbook afterwards.
    Frozen entry pk → its comments, oldest first."""
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
