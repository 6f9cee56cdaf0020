"""Cron job (hourly): remind examiners of assessments due soon and of those
overdue, once each. Safe to run twice, or twice at once."""

from django.conf import settings
from django.core.management.base import BaseCommand

from examinations.deadlines import send_reminders


class Command(BaseCommand):
    help = (
        "Remind each examiner once when an assessment is due within "
        "EXAMINER_REMINDER_DAYS_BEFORE days, and once when it is overdue "
        "(never after their assessment or the decision)."
    )

    def handle(self, *args, **options):
        report = send_reminders()
        days = settings.EXAMINER_REMINDER_DAYS_BEFORE
        self.stdout.write(
            f"Reminded {report.before} examiner assignment(s) due within {days} day(s) "
            f"and {report.overdue} overdue."
        )
