"""Fill the database with demo accounts and content (idempotent)."""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from pbas_logbook.demo import DEMO_PASSWORD, DEMO_PEOPLE, Demo


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
        demo = Demo()
        # Demo activity creates notifications; their emails would flood the
        # console, so they go nowhere while seeding.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            for app_config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo":
                        raise
                    continue
                module.seed(demo)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, full_name, _ in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<26} {full_name}")
