"""All the demo content, in order: each step may use what the earlier ones
made (``Demo``) and skips what is already there, so seeding twice leaves the
same data."""

from django.db import transaction
from django.test.utils import override_settings

from demo import examinations, logbooks, people, research, reviews

STEPS = [people, logbooks, reviews, examinations, research]


def seed() -> people.Demo:
    demo = people.Demo()
    # Demo activity creates notifications; their emails would flood the
    # console, so they go nowhere while seeding.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        for step in STEPS:
            step.seed(demo)
    return demo
