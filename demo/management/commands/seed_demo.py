"""Fill the database with demo accounts and content (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import seed
from demo.people import DEMO_PASSWORD, DEMO_PEOPLE


class Command(BaseCommand):
    help = "Create the demo cohort, accounts and logbook content. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to add demo accounts with DEBUG off: this looks like production. "
                "Use --force if you really mean it."
            )
        seed.seed()
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, full_name, _ in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<26} {full_name}")
