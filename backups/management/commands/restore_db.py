"""make restore FILE=...: a pg_dump backup back into the database (pg_restore)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.dumps import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_db into the configured database, replacing the "
        "tables it holds (or into another database on the same server with --into)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .dump file written by backup_db.")
        parser.add_argument("--into", help="Restore into this database instead (it must exist).")
        parser.add_argument("--noinput", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        target = options["into"] or settings.DATABASES["default"]["NAME"]
        if not options["noinput"]:
            answer = input(
                f"This replaces the data in the database “{target}” with {options['file']}. "
                "Type yes to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            restored = restore(options["file"], into=options["into"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {options['file']} into {restored}")
