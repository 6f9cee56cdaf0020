"""Bring the research corpus up to date after the database changed behind
the app's back (a restore, a bulk load): the app itself keeps it current
where consent or a submission changes (research.services.corpus_changed)."""

from django.core.management.base import BaseCommand

from research import services
from research.models import Project


class Command(BaseCommand):
    help = "Rebuild stale research extracts and give new logbooks their pseudonyms."

    def handle(self, *args, **options):
        stale = services.stale_logbooks()
        services.extracts_sync()
        for project in Project.objects.order_by("pk"):
            services.pseudonyms_ensure(project)
        self.stdout.write(f"Research index: {len(stale)} logbook(s) rebuilt.")
