"""A stored PDF is laid out in one reader's language and time zone (issue 13
item 5): ``reading`` joins the unique key. The copies stored so far were
laid out in the programme's own language and zone, which the column's
default names as they are added (an ALTER, not an UPDATE: the stored-PDF
guard of migration 0006 refuses rewriting a copy)."""

from django.conf import settings
from django.db import migrations, models

PROGRAMME_READING = f"{settings.LANGUAGE_CODE.split('-')[0]}|{settings.TIME_ZONE}"


class Migration(migrations.Migration):
    dependencies = [("examinations", "0010_deadlines_reading_room")]

    operations = [
        migrations.RemoveConstraint(
            model_name="submissionpdf", name="one_pdf_per_order_and_layout"
        ),
        migrations.AddField(
            model_name="submissionpdf",
            name="reading",
            field=models.CharField(default=PROGRAMME_READING, max_length=80),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="submissionpdf",
            constraint=models.UniqueConstraint(
                fields=("submission", "paper_first", "layout", "reading"),
                name="one_pdf_per_order_layout_and_reading",
            ),
        ),
    ]
