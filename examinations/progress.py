"""The coordinator's progress figures for one cohort: one row per enrolment,
counts and dates only, never a word anyone wrote.

Read in one query, however many candidates: the enrolments (with candidate
and mentor) and, per enrolment, a correlated aggregate subquery for each
measure, computed and sorted in PostgreSQL. No subquery selects a text
column of an entry, a comment or an examination: the figures are all a
coordinator is shown (DESIGN.md, "coordinator: progress figures, not entry
text").

It lives with the examination, the outermost room these figures read
(entries, mentors' comments, submissions; docs/architecture.md), and is
shown on the coordinator's pages. The lateness rule is the logbook's own
(``entries.models.LATE_AFTER_DAYS``), not a copy.

The definitions (the page states them under the table):
- weeks written: programme weeks up to this week (capped at the programme
  length) with at least one entry, draft or shared, not in the bin;
- weeks shared: those of them with a shared entry;
- late: weeks written whose first entry was written more than
  ``LATE_AFTER_DAYS`` days after the week ended (the candidate's week strip,
  ``entries.progress``, and ``Entry.is_late`` use the same rule);
- missing: weeks that have ended, within the programme, with no entry;
- review rate: shared entries the mentor has commented on or marked
  reviewed, as a percent of shared entries (none shared: no rate);
- median days to review: over those entries, from first sharing to the
  mentor's first comment or the mark "reviewed", whichever came first;
- last activity: the latest of an entry's last change and a comment written
  on one of the enrolment's entries;
- submission and examination: the latest version submitted, its decision if
  recorded, and its examiners and assessments.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    DateField,
    DateTimeField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least, NullIf
from django.utils import timezone

from entries import models as entry_models
from examinations.models import Assessment, Decision, ExaminerAssignment, Submission
from mentors.models import Comment
from pbas_logbook.models import Enrolment


def late_after_days() -> int:
    """The logbook's rule: first written more than this many days after the
    week ended is late."""
    return entry_models.LATE_AFTER_DAYS


# --- SQL pieces ---------------------------------------------------------------


class _DaysBetween(Func):
    """``later - earlier`` for two dates, in whole days (a PostgreSQL integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


class _ProgrammeWeek(Func):
    """The programme week (1-based) containing a day, given the start date:
    ``Enrolment.week_number`` in SQL (floor, so days before the start give 0
    or less, as in Python)."""

    template = "(floor((%(expressions)s)::numeric / 7)::integer + 1)"
    arg_joiner = " - "
    output_field = IntegerField()


class _DaysElapsed(Func):
    """``later - earlier`` for two timestamps, in days (fractional)."""

    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
    arg_joiner = " - "
    output_field = FloatField()


class _LocalDate(Func):
    """The date of an instant on a candidate's own clock: ``pbas_local_date``
    (pbas_logbook migration 0016), the programme's zone when theirs is
    blank or unknown, as ``Enrolment.today`` does in Python."""

    function = "pbas_local_date"
    output_field = DateField()


def _local_date(at, ref):
    """``at`` (an expression) as a date in the enrolment's candidate's zone
    (``ref`` is F in the enrolment query, OuterRef in a subquery)."""
    return _LocalDate(at, ref("candidate__time_zone"), Value(settings.TIME_ZONE))


def _today(ref, now: datetime.datetime):
    """Today on the candidate's calendar."""
    return _local_date(Value(now, output_field=DateTimeField()), ref)


class _Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _per_enrolment(queryset: QuerySet, value, *, link: str = "enrolment", output=None):
    """One figure per enrolment of the outer query: ``value`` aggregated over
    the rows of ``queryset`` that belong to it (NULL when there are none)."""
    grouped = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()  # Meta.ordering would join the GROUP BY
        .values(link)
        .annotate(figure=value)
        .values("figure")
    )
    return Subquery(grouped, output_field=output or value.output_field)


def _count(queryset: QuerySet, value, **kwargs):
    kwargs.setdefault("output", IntegerField())
    return Coalesce(_per_enrolment(queryset, value, **kwargs), 0)


def _per_submission(model, link="submission_id"):
    """How many rows of ``model`` the enrolment's latest submission has."""
    rows = model.objects.filter(submission=OuterRef(link)).order_by().values("submission")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def _weeks_ended(ref, now: datetime.datetime):
    """Weeks that have ended by ``now`` on the candidate's calendar, capped
    at the programme length (``ref`` is F in the enrolment query, OuterRef
    in a subquery)."""
    this_week = _ProgrammeWeek(_today(ref, now), ref("start_date"))
    return Greatest(
        Value(0), Least(ref("length_weeks"), this_week - 1), output_field=IntegerField()
    )


def annotate_progress(enrolments: QuerySet[Enrolment], *, now: datetime.datetime) -> QuerySet:
    """``enrolments`` with every progress figure as an annotation. Weeks,
    "this week" and lateness follow each candidate's own zone (issue 13)."""
    logbook = entry_models
    Entry = logbook.Entry  # the default manager: entries in the bin do not count
    shared = Q(status=logbook.EntryStatus.SHARED)
    answered = Q(first_mentor_comment_at__isnull=False) | Q(reviewed_at__isnull=False)

    # Weeks 1 .. this week, capped at the programme's length: what "written"
    # can count (an entry written ahead, or after the programme, is not).
    this_week = _ProgrammeWeek(_today(OuterRef, now), OuterRef("start_date"))
    so_far = Q(week__lte=Least(OuterRef("length_weeks"), this_week))
    # A week ends on day 7·week − 1 counted from the start; written on time
    # means first written (local date) at most LATE_AFTER_DAYS after that.
    on_time = Q(written_day__lte=F("week") * 7 - 1 + late_after_days())
    entries = Entry.objects.alias(
        written_day=_DaysBetween(_local_date(F("created_at"), OuterRef), OuterRef("start_date"))
    )
    weeks = Count("week", distinct=True, filter=so_far)
    ended = Q(week__lte=_weeks_ended(OuterRef, now))

    latest = Submission.objects.filter(enrolment=OuterRef("pk"))
    latest = latest.order_by("-version")
    comments = Comment.objects.filter(entry__deleted_at__isnull=True)

    return enrolments.annotate(
        weeks_written=_count(entries, weeks),
        weeks_shared=_count(entries, Count("week", distinct=True, filter=so_far & shared)),
        # A week is late when none of its entries was written on time.
        weeks_late=_count(
            entries,
            weeks - Count("week", distinct=True, filter=so_far & on_time),
            output=IntegerField(),
        ),
        weeks_missing=_weeks_ended(F, now)
        - _count(entries, Count("week", distinct=True, filter=ended)),
        shared_entries=_count(entries, Count("pk", filter=shared)),
        reviewed_entries=_count(entries, Count("pk", filter=shared & answered)),
        review_rate=_per_enrolment(
            entries,
            Count("pk", filter=shared & answered) * 100.0 / NullIf(Count("pk", filter=shared), 0),
            output=FloatField(),
        ),
        review_days=_per_enrolment(
            entries.filter(shared & answered, first_shared_at__isnull=False),
            _Median(
                _DaysElapsed(Least("first_mentor_comment_at", "reviewed_at"), "first_shared_at")
            ),
        ),
        # GREATEST skips NULLs in PostgreSQL: either alone is the answer.
        last_activity=Greatest(
            _per_enrolment(entries, Max("updated_at"), output=DateTimeField()),
            _per_enrolment(
                comments, Max("created_at"), link="entry__enrolment", output=DateTimeField()
            ),
        ),
        submission_id=Subquery(latest.values("pk")[:1]),
        submission_version=Subquery(latest.values("version")[:1]),
        decision_outcome=Subquery(latest.values("decision__outcome")[:1]),
        examiner_count=_per_submission(ExaminerAssignment),
        assessment_count=_per_submission(Assessment),
    )


# --- Sorting ------------------------------------------------------------------

# ?sort=<key> ascending, ?sort=-<key> descending; anything else is "name".
# Rows without a figure (no shared entry, no review yet) come last both ways.
SORTS = {
    "name": ("candidate__full_name",),
    "mentor": ("mentor__full_name",),
    "written": ("weeks_written",),
    "shared": ("weeks_shared",),
    "late": ("weeks_late",),
    "missing": ("weeks_missing",),
    "review_rate": ("review_rate",),
    "review_days": ("review_days",),
    "last_activity": ("last_activity",),
    "submission": ("submission_order", "decided"),
    "examination": ("examiner_count", "assessment_count"),
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class Sort:
    key: str = DEFAULT_SORT
    descending: bool = False

    @classmethod
    def parse(cls, raw: str | None) -> "Sort":
        raw = (raw or "").strip()
        descending = raw.startswith("-")
        key = raw.removeprefix("-")
        if key not in SORTS:
            return cls()
        return cls(key, descending)

    @property
    def direction(self) -> str:
        """The aria-sort word for the sorted column."""
        return "descending" if self.descending else "ascending"

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def toggled(self, key: str) -> "Sort":
        """The sort a click on ``key``'s header asks for: the other way
        round when it is the sorted column, ascending otherwise."""
        return Sort(key, not self.descending) if key == self.key else Sort(key)

    def order_by(self) -> list:
        fields = [
            F(name).desc(nulls_last=True) if self.descending else F(name).asc(nulls_last=True)
            for name in SORTS[self.key]
        ]
        # Ties (and every equal figure) in name order, then a stable last word.
        return [*fields, F("candidate__full_name").asc(), F("pk").asc()]


# --- Rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    """One enrolment's figures, ready for the table and the CSV."""

    enrolment_id: int
    candidate_id: int
    candidate_name: str
    mentor_id: int | None
    mentor_name: str
    weeks_written: int
    weeks_shared: int
    weeks_late: int
    weeks_missing: int
    shared_entries: int
    reviewed_entries: int
    review_rate: int | None  # percent, rounded
    review_days: float | None  # median, one decimal
    last_activity: datetime.datetime | None
    submission_version: int | None  # the latest, None before any
    decision_outcome: str | None
    examiner_count: int
    assessment_count: int
    submission: str
    examination: str

    @property
    def last_activity_day(self) -> datetime.date | None:
        return timezone.localdate(self.last_activity) if self.last_activity else None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _submission_label(version: int | None, outcome: str | None, outcomes: dict) -> str:
    if version is None:
        return "None"
    if outcome:
        return f"Version {version}: {outcomes.get(outcome, outcome)}"
    return f"Version {version} submitted"


def _examination_label(version: int | None, examiners: int, assessments: int) -> str:
    if version is None:
        return "—"
    if not examiners and not assessments:
        return "No examiner yet"
    return f"{_plural(examiners, 'examiner')}, {assessments} assessed"


def cohort_progress(
    enrolments: QuerySet[Enrolment],
    *,
    sort: Sort | None = None,
    now: datetime.datetime | None = None,
) -> list[ProgressRow]:
    """One row per enrolment of ``enrolments`` (the caller's, from the
    access API), sorted as ``sort`` says. One query."""
    sort = sort or Sort()
    now = now or timezone.now()
    outcomes = dict(Decision._meta.get_field("outcome").choices)
    annotated = (
        annotate_progress(enrolments, now=now)
        .alias(
            submission_order=Coalesce("submission_version", 0),
            decided=ExpressionWrapper(
                Q(decision_outcome__isnull=False), output_field=BooleanField()
            ),
        )
        .order_by(*sort.order_by())
    )
    return [
        ProgressRow(
            enrolment_id=e.pk,
            candidate_id=e.candidate_id,
            candidate_name=e.candidate.full_name or e.candidate.email,
            mentor_id=e.mentor_id,
            mentor_name=(e.mentor.full_name or e.mentor.email) if e.mentor else "",
            weeks_written=e.weeks_written,
            weeks_shared=e.weeks_shared,
            weeks_late=e.weeks_late,
            weeks_missing=e.weeks_missing,
            shared_entries=e.shared_entries,
            reviewed_entries=e.reviewed_entries,
            review_rate=None if e.review_rate is None else round(e.review_rate),
            review_days=None if e.review_days is None else round(e.review_days, 1),
            last_activity=e.last_activity,
            submission_version=e.submission_version,
            decision_outcome=e.decision_outcome,
            examiner_count=e.examiner_count,
            assessment_count=e.assessment_count,
            submission=_submission_label(e.submission_version, e.decision_outcome, outcomes),
            examination=_examination_label(
                e.submission_version, e.examiner_count, e.assessment_count
            ),
        )
        for e in annotated
    ]
