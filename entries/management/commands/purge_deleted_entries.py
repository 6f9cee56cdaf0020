"""Daily job (cron): remove entries deleted more than 30 days ago, with their history."""

from django.core.management.base import BaseCommand

from entries.services import entries_purge_deleted


class Command(BaseCommand):
    help = "Permanently remove entries that have been in the bin for more than 30 days."

    def handle(self, *args, **options):
        self.stdout.write(f"Purged {entries_purge_deleted()} entr(y/ies).")
