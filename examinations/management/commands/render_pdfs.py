"""Cron job: lay out the PDFs of new submissions before anyone asks for one."""

from django.core.management.base import BaseCommand, CommandError

from examinations.pdf import render_missing


class Command(BaseCommand):
    help = (
        "Render and store the PDF (both paper orders) of submissions that have none "
        "in the current layout, newest first, so the first download is not the slow one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=40,
            help="At most this many PDFs per run (each takes a few seconds of CPU); default 40.",
        )

    def handle(self, *args, limit, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        rendered, missing = render_missing(limit=limit)
        self.stdout.write(f"Rendered {rendered} PDF(s); {missing} still to render.")
