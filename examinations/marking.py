"""The marking sheet as a rubric (issue 12): the arithmetic and the rules
that examiners' marks, the mentor's proposal and moderation all follow.

Nothing here writes. A criterion is marked out of its own ``max_mark``; the
total out of 100 is the criteria's weighted sum, computed here and never
typed; the cohort's scheme turns a total into the outcome it suggests and
says when two examiners' assessments need moderating.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from examinations.models import (
    Assessment,
    AssessmentCriterion,
    MarkingScheme,
    MentorReport,
    Outcome,
)

MAX_BANDS = 10
BAND_LINE = re.compile(r"^\s*(\d{1,3})\s*[:.)-]\s*(\S.*)$")


@dataclass(frozen=True)
class Band:
    """Marks from ``low`` to ``high`` (inclusive) on one criterion."""

    low: int
    high: int
    descriptor: str


def parse_bands(text: str, max_mark: int) -> list[Band]:
    """The bands a coordinator typed, one a line ("6: Some analysis"), from
    0 upwards. Raises ValidationError naming the line that is wrong."""
    starts: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = BAND_LINE.match(line)
        if not match:
            raise ValidationError(
                f"Line {number}: start with the lowest mark of the band and a colon, "
                f"e.g. “5: Some analysis of the partnering process”."
            )
        low, descriptor = int(match.group(1)), match.group(2).strip()
        if low > max_mark:
            raise ValidationError(
                f"Line {number}: {low} is above the criterion's {max_mark} marks."
            )
        if starts and low <= starts[-1][0]:
            raise ValidationError(
                f"Line {number}: bands go from the lowest marks up; "
                f"{low} does not come after {starts[-1][0]}."
            )
        starts.append((low, descriptor[:300]))
    if not starts:
        return []
    if starts[0][0] != 0:
        raise ValidationError("The first band starts at 0, so every mark falls in a band.")
    if len(starts) > MAX_BANDS:
        raise ValidationError(f"At most {MAX_BANDS} bands.")
    highs = [low - 1 for low, _ in starts[1:]] + [max_mark]
    return [Band(low, high, text) for (low, text), high in zip(starts, highs, strict=True)]


def bands_of(criterion: AssessmentCriterion) -> list[Band]:
    """The criterion's bands as stored (checked when saved; a row written
    some other way with bad bands shows none rather than an error page)."""
    try:
        return parse_bands(criterion.bands, criterion.max_mark)
    except ValidationError:
        return []


def band_of(criterion: AssessmentCriterion, mark: int | None) -> Band | None:
    """The band ``mark`` falls in on ``criterion`` (None without bands)."""
    if mark is None:
        return None
    for band in bands_of(criterion):
        if band.low <= mark <= band.high:
            return band
    return None


def weighted_total(criteria: list[AssessmentCriterion], marks: dict[str, int]) -> int:
    """Σ weight × mark ÷ max_mark over the criteria, rounded half up to a
    whole mark out of 100 (the weights add up to 100)."""
    total = sum(
        (Decimal(c.weight) * Decimal(marks[str(c.pk)]) / Decimal(c.max_mark) for c in criteria),
        Decimal(0),
    )
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def suggested_outcome(scheme: MarkingScheme, total: int) -> str:
    if total >= scheme.distinction_from:
        return Outcome.DISTINCTION
    if total >= scheme.accredited_from:
        return Outcome.ACCREDITED
    if total >= scheme.resubmit_from:
        return Outcome.RESUBMIT
    return Outcome.NOT_ACCREDITED


def check_marks(criteria: list[AssessmentCriterion], marks: dict[str, int]) -> dict[str, str]:
    """What is wrong with a set of criterion marks, by criterion id (empty:
    nothing). Every criterion needs a whole mark within its range."""
    problems = {}
    for criterion in criteria:
        mark = marks.get(str(criterion.pk))
        if mark is None:
            problems[str(criterion.pk)] = f"Give {criterion.name} a mark."
        elif not 0 <= mark <= criterion.max_mark:
            problems[str(criterion.pk)] = (
                f"{criterion.name} is marked from 0 to {criterion.max_mark}."
            )
    return problems


def contradiction(scheme: MarkingScheme, outcome: str, total: int) -> str:
    """The sentence asking for a reason when ``outcome`` is not the one the
    total suggests, else ""."""
    suggested = suggested_outcome(scheme, total)
    if outcome == suggested:
        return ""
    return (
        f"A total of {total} suggests “{Outcome(suggested).label}”. "
        f"Say why the outcome is “{Outcome(outcome).label}”."
    )


# --- The scheme of a cohort --------------------------------------------------------


def scheme_of(cohort) -> MarkingScheme:
    """The cohort's scheme (every cohort has one: examinations.receivers
    makes it with the cohort, migration 0008 for the cohorts before)."""
    return MarkingScheme.objects.get(cohort=cohort)


def scheme_criteria(scheme: MarkingScheme) -> list[AssessmentCriterion]:
    return list(scheme.criteria.order_by("position", "pk"))


def scheme_is_frozen(scheme: MarkingScheme) -> bool:
    """Frozen once anyone has marked against it: an examiner's assessment or
    a mentor's proposed marks on a submission of the cohort."""
    cohort_submissions = {"submission__enrolment__cohort_id": scheme.cohort_id}
    return (
        Assessment.objects.filter(**cohort_submissions).exists()
        or MentorReport.objects.filter(**cohort_submissions).exclude(criterion_marks={}).exists()
    )


# --- Double marking and moderation ----------------------------------------------------


@dataclass(frozen=True)
class MarkingState:
    """Where a submission's marking stands, for every page that shows it."""

    required: int  # assessments needed before the decision
    received: int
    moderation: list[str]  # why the coordinator must moderate (empty: agreed)

    @property
    def complete(self) -> bool:
        return self.received >= self.required

    @property
    def needs_moderation(self) -> bool:
        return self.complete and bool(self.moderation)

    @property
    def waiting_for(self) -> int:
        return max(self.required - self.received, 0)


def marking_state(
    scheme: MarkingScheme, assessments: list[Assessment], assigned: int
) -> MarkingState:
    """``assessments`` of the examiners assigned now; ``assigned`` how many
    there are. The decision waits for the scheme's number, or for every
    assigned examiner when the coordinator assigned more (a third examiner
    at moderation is read before the decision)."""
    required = max(scheme.examiners_required, assigned)
    reasons = []
    if len(assessments) >= 2:
        outcomes = {a.outcome for a in assessments}
        if len(outcomes) > 1:
            labels = " and ".join(sorted(str(Outcome(o).label) for o in outcomes))
            reasons.append(f"The examiners' outcomes differ ({labels}).")
        marks = [a.mark for a in assessments]
        spread = max(marks) - min(marks)
        if spread > scheme.moderation_threshold:
            reasons.append(
                f"The totals differ by {spread}, more than the cohort's "
                f"{scheme.moderation_threshold}."
            )
    return MarkingState(required=required, received=len(assessments), moderation=reasons)


# --- Side by side ----------------------------------------------------------------


@dataclass(frozen=True)
class MarkCell:
    mark: int | None
    comment: str


@dataclass(frozen=True)
class RubricRow:
    """One criterion across the mentor's proposal and each assessment, in
    the order of ``assessments``."""

    criterion: AssessmentCriterion
    proposed: int | None
    cells: list[MarkCell]


def _cells(criterion: AssessmentCriterion, assessments: list[Assessment]) -> list[MarkCell]:
    """One criterion's mark and comment in each of ``assessments``."""
    key = str(criterion.pk)
    return [
        MarkCell(a.criterion_marks.get(key), a.criterion_notes.get(key, "")) for a in assessments
    ]


def rubric_table(
    criteria: list[AssessmentCriterion],
    assessments: list[Assessment],
    report: MentorReport | None,
) -> list[RubricRow]:
    """The marks and comments per criterion side by side (the coordinator's
    moderation, the examiners' view once all are in)."""
    proposed = report.criterion_marks if report else {}
    return [
        RubricRow(
            criterion=c,
            proposed=proposed.get(str(c.pk)),
            cells=_cells(c, assessments),
        )
        for c in criteria
    ]


@dataclass(frozen=True)
class BesideCriterion:
    """What stands beside one criterion on the marking form: its bands, the
    mentor's proposed mark, and (once all are in) the other examiners'."""

    bands: list[Band]
    proposed: int | None
    others: list[MarkCell]


def form_rows(
    criteria: list[AssessmentCriterion],
    report: MentorReport | None,
    others: list[Assessment],
) -> dict[int, BesideCriterion]:
    """By criterion id, for the examiner's and the mentor's forms."""
    proposed = report.criterion_marks if report else {}
    return {
        c.pk: BesideCriterion(
            bands=bands_of(c),
            proposed=proposed.get(str(c.pk)),
            others=_cells(c, others),
        )
        for c in criteria
    }
