"""Reads for the mentor's pages, in a fixed number of queries however many
mentees, entries or comments there are."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from entries.models import Entry, EntryStatus
from entries.progress import Strip, build_strip
from mentors.models import Comment
from pbas_logbook import access
from pbas_logbook.models import EnrolmentStatus

FALLING_BEHIND_WEEKS = 2


@dataclass
class MenteeRow:
    enrolment: object
    strip: Strip
    last_shared: datetime.datetime | None
    unreviewed: int
    unanswered: int
    weeks_without_shared: int

    @property
    def falling_behind(self) -> bool:
        return self.weeks_without_shared >= FALLING_BEHIND_WEEKS

    @property
    def attention_key(self):
        # Whoever needs attention first: behind, then most waiting work.
        return (
            not self.falling_behind,
            -self.weeks_without_shared,
            -(self.unreviewed + self.unanswered),
            self.enrolment.candidate.full_name,
        )


def _weeks_without_shared(enrolment, shared_weeks: set[int], today) -> int:
    """Completed programme weeks, counting back from last week, with no shared entry.

    Only a candidate still in the programme can fall behind: one who has
    submitted, withdrawn or been accredited no longer writes weekly."""
    if enrolment.status != EnrolmentStatus.ACTIVE:
        return 0
    current = enrolment.week_number(today)
    last_past = min(current - 1, enrolment.length_weeks)
    count = 0
    for week in range(last_past, 0, -1):
        if week in shared_weeks:
            break
        count += 1
    return count


def unanswered_threads(user, enrolments_qs):
    """{enrolment id: threads whose latest message is the candidate's} (one query)."""
    latest_author = Subquery(
        Comment.objects.filter(Q(pk=OuterRef("pk")) | Q(parent=OuterRef("pk")))
        .order_by("-created_at", "-pk")
        .values("author")[:1]
    )
    rows = (
        Comment.objects.visible_to(user)
        .filter(parent__isnull=True, resolved_at__isnull=True, entry__enrolment__in=enrolments_qs)
        .annotate(latest_author=latest_author)
    )
    counts: dict[int, int] = {}
    for enrolment_id, candidate_id, author_id in rows.values_list(
        "entry__enrolment_id", "entry__enrolment__candidate_id", "latest_author"
    ):
        if author_id == candidate_id:
            counts[enrolment_id] = counts.get(enrolment_id, 0) + 1
    return counts


def dashboard_rows(mentor, *, today=None) -> list[MenteeRow]:
    """One row per mentee, attention first. Queries: mentees (with their
    candidate, whose zone their weeks follow), shared-entry rows, unanswered
    threads (3, whatever the numbers). ``today`` (tests) is everyone's day;
    by default each mentee's own (``Enrolment.today``), not the mentor's."""
    enrolments = list(access.mentee_enrolments(mentor).order_by("candidate__full_name"))
    rows_by_enrolment: dict[int, list] = {e.pk: [] for e in enrolments}
    meta: dict[int, dict] = {e.pk: {"last": None, "unreviewed": 0} for e in enrolments}
    shared = (
        Entry.objects.visible_to(mentor)
        .filter(enrolment__in=[e.pk for e in enrolments], status=EntryStatus.SHARED)
        .values_list("enrolment_id", "week", "status", "created_at", "shared_at", "reviewed_at")
    )
    for enrolment_id, week, status, created_at, shared_at, reviewed_at in shared:
        rows_by_enrolment[enrolment_id].append((week, status, created_at, reviewed_at))
        info = meta[enrolment_id]
        if info["last"] is None or (shared_at and shared_at > info["last"]):
            info["last"] = shared_at
        if reviewed_at is None:
            info["unreviewed"] += 1
    unanswered = unanswered_threads(mentor, [e.pk for e in enrolments])
    result = [
        MenteeRow(
            enrolment=e,
            strip=build_strip(
                e, rows_by_enrolment[e.pk], today=today or e.today(), shared_only=True
            ),
            last_shared=meta[e.pk]["last"],
            unreviewed=meta[e.pk]["unreviewed"],
            unanswered=unanswered.get(e.pk, 0),
            weeks_without_shared=_weeks_without_shared(
                e, {row[0] for row in rows_by_enrolment[e.pk]}, today or e.today()
            ),
        )
        for e in enrolments
    ]
    return sorted(result, key=lambda row: row.attention_key)


def thread_counts(entries_qs):
    """{entry id: number of open threads} for a list of entries (one query)."""
    return dict(
        Comment.objects.filter(entry__in=entries_qs, parent__isnull=True, resolved_at__isnull=True)
        .values_list("entry_id")
        .annotate(n=Count("pk"))
        .values_list("entry_id", "n")
    )


# --- The review conversation ----------------------------------------------------


def threads(entry):
    """Root comments with their replies and authors, in two queries."""
    return list(
        Comment.objects.filter(entry=entry, parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(
            Prefetch(
                "replies", queryset=Comment.objects.select_related("author").order_by("created_at")
            )
        )
    )


def first_comment_at(entry, author) -> datetime.datetime | None:
    """When ``author`` first commented on ``entry`` (None: never)."""
    return (
        Comment.objects.filter(entry=entry, author=author)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
