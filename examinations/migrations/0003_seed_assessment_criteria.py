"""Seed the programme's assessment criteria (coordinators can edit them)."""

from django.db import migrations

CRITERIA = [
    ("Narrative", "A coherent account of the placement across the weeks.", 20),
    ("Weekly aims and strategies", "Clear aims for each week and the strategies chosen.", 20),
    ("Personal reflection and learning", "Honest, analytical reflection on own practice.", 30),
    (
        "Brokering practice and use of tools",
        "How partnering tools and the partnering cycle were used and adapted.",
        30,
    ),
]


def seed(apps, schema_editor):
    criterion = apps.get_model("examinations", "AssessmentCriterion")
    if criterion.objects.exists():
        return
    for position, (name, description, weight) in enumerate(CRITERIA):
        criterion.objects.create(
            name=name, description=description, weight=weight, position=position
        )


def unseed(apps, schema_editor):
    apps.get_model("examinations", "AssessmentCriterion").objects.filter(
        name__in=[name for name, _, _ in CRITERIA]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("examinations", "0002_freeze_submitted_content")]

    operations = [migrations.RunPython(seed, unseed)]
