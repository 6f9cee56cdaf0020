"""The demo accounts and the demo cohort (content/people.toml), seeded first.

Every step is idempotent: running ``seed_demo`` twice leaves the same data.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from demo.content import load
from pbas_logbook.models import Cohort, Enrolment, User

_CONTENT = load("people")
DEMO_PASSWORD: str = _CONTENT["password"]
# email, full name, flags
DEMO_PEOPLE: list[tuple[str, str, dict]] = [
    (
        person["email"],
        person["full_name"],
        {k: v for k, v in person.items() if k not in ("email", "full_name")},
    )
    for person in _CONTENT["people"]
]


@dataclass
class Demo:
    """What the steps so far created, handed to the next step."""

    people: dict[str, User] = field(default_factory=dict)
    cohort: Cohort | None = None
    enrolments: dict[str, Enrolment] = field(default_factory=dict)
    today: datetime.date = field(default_factory=timezone.localdate)


def person(email: str, full_name: str, **flags) -> User:
    """The demo person with this email, created with the demo password if new
    (a password changed by hand is kept)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **flags)
    return user


def cohort_start(demo: Demo, weeks_ago: int) -> datetime.date:
    """The Monday ``weeks_ago`` weeks before this week's."""
    monday = demo.today - datetime.timedelta(days=demo.today.weekday())
    return monday - datetime.timedelta(weeks=weeks_ago)


def seed(demo: Demo) -> None:
    for email, full_name, flags in DEMO_PEOPLE:
        demo.people[email] = person(email, full_name, **flags)

    cohort = _CONTENT["cohort"]
    demo.cohort, _ = Cohort.objects.get_or_create(
        name=cohort["name"],
        defaults={"start_date": cohort_start(demo, cohort["started_weeks_ago"])},
    )
    for pair in cohort["enrolments"]:
        enrolment, _ = Enrolment.objects.get_or_create(
            candidate=demo.people[pair["candidate"]],
            cohort=demo.cohort,
            defaults={
                "mentor": demo.people[pair["mentor"]],
                "start_date": demo.cohort.start_date,
                "length_weeks": cohort["length_weeks"],
            },
        )
        demo.enrolments[pair["candidate"]] = enrolment
