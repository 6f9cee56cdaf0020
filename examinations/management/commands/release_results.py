"""Cron job (every 5 minutes): tell candidates and mentors of results whose
release time has come. What they see on the site does not wait for it."""

from django.core.management.base import BaseCommand

from examinations.release import tell_due


class Command(BaseCommand):
    help = "Notify the candidate and mentor of each result released since the last run."

    def handle(self, *args, **options):
        told = tell_due()
        self.stdout.write(f"Told {told} released result(s).")
