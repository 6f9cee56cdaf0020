"""Writes for marking schemes: each cohort's copy of the programme's sheet,
and a coordinator's edits to it until marking starts (issue 12)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from examinations import marking
from examinations.models import AssessmentCriterion, MarkingScheme
from pbas_logbook.models import AuditAction, Cohort, User
from records import audit

CRITERION_FIELDS = ["name", "description", "weight", "position", "max_mark", "bands"]
TOTAL_WEIGHT = 100
FROZEN = (
    "Marking has started in this cohort: its marking scheme is frozen, so every "
    "examiner marks against the same sheet."
)


def programme_sheet() -> list[AssessmentCriterion]:
    """The programme's sheet: the criteria new cohorts start from."""
    return list(AssessmentCriterion.objects.filter(scheme__isnull=True))


@transaction.atomic
def scheme_create(cohort: Cohort) -> MarkingScheme:
    """The cohort's scheme with a copy of the programme's sheet (once)."""
    scheme, created = MarkingScheme.objects.get_or_create(cohort=cohort)
    if created:
        AssessmentCriterion.objects.bulk_create(
            AssessmentCriterion(scheme=scheme, **{f: getattr(c, f) for f in CRITERION_FIELDS})
            for c in programme_sheet()
        )
    return scheme


def check_weights(weights: list[int]) -> None:
    total = sum(weights)
    if total != TOTAL_WEIGHT:
        raise ValidationError(
            f"The weights add up to {total}%; they must add up to {TOTAL_WEIGHT}%."
        )


@transaction.atomic
def scheme_save(
    *,
    scheme: MarkingScheme,
    changed: list[AssessmentCriterion],
    removed: list[AssessmentCriterion],
    by: User,
) -> None:
    """A coordinator's edits to a cohort's scheme and its criteria: all or
    nothing, refused once marking has started. ``changed`` holds the new and
    edited criteria (not yet saved), ``removed`` the ones to delete.

    The scheme row is locked, so two coordinators saving at once are checked
    one after the other against what the first saved."""
    MarkingScheme.objects.select_for_update().filter(pk=scheme.pk).exists()
    if marking.scheme_is_frozen(scheme):
        raise ValidationError(FROZEN)
    kept = {c.pk: c.weight for c in scheme.criteria.all()}
    for criterion in removed:
        kept.pop(criterion.pk, None)
    kept.update({c.pk: c.weight for c in changed if c.pk is not None})
    check_weights(list(kept.values()) + [c.weight for c in changed if c.pk is None])
    for criterion in changed:
        marking.parse_bands(criterion.bands, criterion.max_mark)
    for criterion in removed:
        criterion.delete()
    for criterion in changed:
        criterion.scheme = scheme
        criterion.save()
    scheme.save()
    audit.record(
        actor=by,
        action=AuditAction.MARKING_SCHEME_CHANGED,
        subject=None,
        detail=f"{scheme.cohort.name}: {len(kept) + sum(c.pk is None for c in changed)} criteria, "
        f"{scheme.examiners_required} examiner(s), moderate above {scheme.moderation_threshold}",
        role="coordinator",
    )
