"""Demo data for the core: the cohort and the demo accounts.

``manage.py seed_demo`` calls ``seed(demo)`` here first, then the ``demo``
module of every other app in INSTALLED_APPS order, so each app fills its own
states without the core knowing about it. Every step is idempotent: running
the command twice leaves the same data.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from pbas_logbook.models import Cohort, Enrolment, User

DEMO_PASSWORD = "pbas-demo"

# email, full name, flags
DEMO_PEOPLE = [
    ("coordinator@example.org", "Colette Mbeki", {"is_staff": True}),
    ("mentor@example.org", "Mateo Alvarez", {}),
    ("mentor2@example.org", "Meera Krishnan", {}),
    ("examiner@example.org", "Elif Demir", {"is_examiner": True}),
    ("examiner2@example.org", "Ewan Fraser", {"is_examiner": True}),
    ("candidate@example.org", "Camille Laurent", {}),
    ("candidate2@example.org", "Kwame Owusu", {}),
    ("candidate3@example.org", "Sofia Haddad", {}),
    ("researcher@example.org", "Ruth Adeyemi", {"is_researcher": True}),
]


@dataclass
class Demo:
    """What the core created, handed to each app's ``seed``."""

    people: dict[str, User] = field(default_factory=dict)
    cohort: Cohort | None = None
    enrolments: dict[str, Enrolment] = field(default_factory=dict)
    today: datetime.date = field(default_factory=timezone.localdate)


def seed(demo: Demo) -> None:
    for email, full_name, flags in DEMO_PEOPLE:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **flags)
        demo.people[email] = user

    # The cohort started ten weeks ago (on a Monday), so the demo logbook is
    # mid-programme: some weeks written, some shared, one late, some to come.
    monday = demo.today - datetime.timedelta(days=demo.today.weekday())
    start = monday - datetime.timedelta(weeks=10)
    demo.cohort, _ = Cohort.objects.get_or_create(
        name="Demo cohort", defaults={"start_date": start}
    )
    pairs = [
        ("candidate@example.org", "mentor@example.org"),
        ("candidate2@example.org", "mentor@example.org"),
        ("candidate3@example.org", "mentor2@example.org"),
    ]
    for candidate_email, mentor_email in pairs:
        enrolment, _ = Enrolment.objects.get_or_create(
            candidate=demo.people[candidate_email],
            cohort=demo.cohort,
            defaults={
                "mentor": demo.people[mentor_email],
                "start_date": demo.cohort.start_date,
                "length_weeks": 15,
            },
        )
        demo.enrolments[candidate_email] = enrolment
