"""Every cohort gets its marking scheme, a copy of the programme's sheet; the
decisions recorded before results were released separately count as released
(and told) when they were recorded, as the candidates saw them then."""

from django.db import migrations

CRITERION_FIELDS = ["name", "description", "weight", "position", "max_mark", "bands"]


def forwards(apps, schema_editor):
    Cohort = apps.get_model("pbas_logbook", "Cohort")
    MarkingScheme = apps.get_model("examinations", "MarkingScheme")
    Criterion = apps.get_model("examinations", "AssessmentCriterion")
    Decision = apps.get_model("examinations", "Decision")
    ResultRelease = apps.get_model("examinations", "ResultRelease")
    sheet = list(Criterion.objects.filter(scheme__isnull=True).order_by("position", "pk"))
    for cohort in Cohort.objects.filter(marking_scheme__isnull=True):
        scheme = MarkingScheme.objects.create(cohort=cohort)
        Criterion.objects.bulk_create(
            Criterion(scheme=scheme, **{f: getattr(c, f) for f in CRITERION_FIELDS}) for c in sheet
        )
    ResultRelease.objects.bulk_create(
        ResultRelease(
            decision=d,
            release_at=d.decided_at,
            set_by_id=d.decided_by_id,
            set_at=d.decided_at,
            notified_at=d.decided_at,
        )
        for d in Decision.objects.filter(release__isnull=True)
    )


class Migration(migrations.Migration):
    dependencies = [("examinations", "0007_marking_schemes_and_released_results")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
