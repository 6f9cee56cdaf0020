"""make backup: the database to var/backups/pbas-<timestamp>.dump (pg_dump -Fc)."""

from django.core.management.base import BaseCommand, CommandError

from backups.dumps import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database with pg_dump (custom format) to var/backups/ or --output."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Where to write the dump (default var/backups/).")

    def handle(self, *args, **options):
        try:
            path = backup(options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {path}")
