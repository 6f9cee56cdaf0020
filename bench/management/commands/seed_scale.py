"""Fill a benchmark database with a generated programme of N candidates.

Only under ``bench.settings`` (``DJANGO_SETTINGS_MODULE=bench.settings
manage.py seed_scale --candidates 20000``): the product does not install
the benchmark."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench import scale


class Command(BaseCommand):
    help = (
        "Replace the people and logbooks in the database with N generated candidates "
        "(about 15 entries of 5-7 sections each, comments, submissions). For benchmarks; "
        "refuses to run while the database holds people it did not generate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, required=True, help="How many candidates.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database holds real people: they are deleted too.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=3,
            help="Parallel writer processes (default 3: on two cores one generates "
            "text while the database indexes another's rows).",
        )
        parser.add_argument(
            "--batch", type=int, default=100, help="Candidates per transaction (default 100)."
        )
        parser.add_argument("--seed", type=int, default=7, help="Random seed (default 7).")

    def handle(self, *args, candidates, force, workers, batch, seed, **options):
        if candidates < scale.MIN_CANDIDATES:
            raise CommandError(f"--candidates must be at least {scale.MIN_CANDIDATES}.")
        if workers < 1 or batch < 1:
            raise CommandError("--workers and --batch must be at least 1.")
        started = time.monotonic()
        try:
            counts = scale.seed(
                candidates,
                force=force,
                workers=workers,
                batch_size=batch,
                seed_value=seed,
                out=self.stdout.write,
            )
        except scale.RealPeopleError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.0f}s: "
                + ", ".join(f"{table} {n:,}" for table, n in sorted(counts.items()))
            )
        )
