"""Cron job: send again the emails a mail server refused."""

from django.core.management.base import BaseCommand

from notifications.outbox import retry_pending


class Command(BaseCommand):
    help = "Retry emails that could not be sent (kept in PendingEmail)."

    def handle(self, *args, **options):
        sent, failed = retry_pending()
        self.stdout.write(f"Sent {sent} queued email(s); {failed} still failing.")
