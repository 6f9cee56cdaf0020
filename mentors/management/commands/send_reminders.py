"""Daily job (cron): reminders, then email digests. Safe to run twice a day."""

from django.core.management.base import BaseCommand

from mentors.reminders import send_reminders
from notifications.notices import send_daily_digests


class Command(BaseCommand):
    help = (
        "Nudge candidates with no entry for last week and mentors with entries unreviewed "
        "for over 7 days, then send daily digests. Running it twice a day sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-digests", action="store_true", help="Skip the daily digests.")

    def handle(self, *args, no_digests=False, **options):
        report = send_reminders()
        self.stdout.write(
            f"Reminders sent: {report.candidates} candidate(s), {report.mentors} mentor(s)."
        )
        if not no_digests:
            self.stdout.write(f"Digests sent: {send_daily_digests()}.")
