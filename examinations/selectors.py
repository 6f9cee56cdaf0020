"""Reads for examination pages, each in a fixed number of queries."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Exists, OuterRef, Prefetch

from entries.models import Entry, EntryStatus
from examinations.models import Assessment, Submission, SubmittedEntry, SubmittedSection
from library.highlight import Headline
from pbas_logbook import access


def reading_submission_or_404(user, public_id, *, related=()) -> Submission:
    """A submission the user may read: its candidate, their current mentor,
    or an assigned examiner. Everyone else (coordinators included) gets 404.
    ``related`` names more one-to-one relations to join in (e.g. "decision")."""
    return access.get_or_404(
        Submission.objects.visible_to(user).select_related(
            "enrolment__candidate", "enrolment__mentor", "enrolment__cohort", *related
        ),
        public_id=public_id,
    )


def managed_submission_or_404(user, public_id) -> Submission:
    """Coordinators: any submission's record (not its text)."""
    access.require_coordinator(user)
    return access.get_or_404(
        Submission.objects.select_related(
            "enrolment__candidate", "enrolment__mentor", "enrolment__cohort"
        ),
        public_id=public_id,
    )


def frozen_entries(submission: Submission) -> list[SubmittedEntry]:
    """The submission's entries with their sections: two queries."""
    return list(
        SubmittedEntry.objects.filter(submission=submission).prefetch_related(
            Prefetch("sections", queryset=SubmittedSection.objects.order_by("position"))
        )
    )


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
            source_public_id=entry.public_id,
            week=entry.week,
            title=entry.title,
            aims=entry.aims,
            aims_html=entry.aims_html,
            phases=list(entry.phases),
            tools=list(entry.tools),
            partnerships=sorted(p.name for p in entry.partnerships.all()),
            written_at=entry.created_at,
            first_shared_at=entry.first_shared_at,
            edited_after_sharing=entry.edited_after_sharing,
            first_shared_text=entry.first_shared_text,
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
    A submission is small, so the vector is computed on the fly."""
    query = SearchQuery(q, search_type="websearch", config="english")
    return (
        SubmittedSection.objects.filter(entry__submission=submission)
        .annotate(
            vector=SearchVector("heading_title", "body", config="english"),
            snippet=Headline("body", query, config="english", max_fragments=2),
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
