"""Helpers for the enquiry's tests: submitted logbooks, consent, projects."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entries.models import Partnership
from entries.services import EntryText, entry_save, headings_apply_preset
from entries.vocabulary import BrokerPosition
from examinations import services as exam
from research import services
from research.models import ConsentVia, Extract, Project
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

# Rolfe's headings: What? / So what? / Now what?
DEFAULT_WEEKS = [
    {
        "week": 2,
        "title": "A difficult partner",
        "bodies": [
            "The council walked out of the meeting over the budget.",
            "Conflict between partners is about history as much as money.",
            "Meet the council alone before the next round.",
        ],
        "phases": ["scoping"],
        "tools": ["Ground rules"],
    },
    {
        "week": 5,
        "title": "Reviewing",
        "bodies": [
            "We used the review tool with every partner.",
            "Quiet partners spoke more when they wrote first.",
            "",
        ],
        "phases": ["reviewing"],
        "tools": ["Partnership review tool"],
    },
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def submit(enrolment, weeks=None, *, partnership=None, position=BrokerPosition.EXTERNAL):
    """Write, share and submit a logbook under Rolfe's headings; returns the submission.

    ``partnership``: a name, created as a live partnership tagged on every entry.
    """
    if not enrolment.headings.exists():
        headings_apply_preset(enrolment=enrolment, key="rolfe")
    tagged = []
    if partnership:
        live, _ = Partnership.objects.get_or_create(
            enrolment=enrolment, name=partnership, defaults={"position": position}
        )
        tagged = [live]
    for spec in weeks or DEFAULT_WEEKS:
        entry_save(
            enrolment=enrolment,
            text=EntryText(
                week=spec["week"],
                title=spec.get("title", ""),
                aims=spec.get("aims", ""),
                bodies=list(spec["bodies"]),
                partnerships=tagged,
                phases=list(spec.get("phases", [])),
                tools=list(spec.get("tools", [])),
            ),
            share=True,
        )
    if not hasattr(enrolment, "final_paper"):
        exam.paper_save(enrolment=enrolment, title="Paper", body="My journey.", version=None)
    latest = enrolment.submissions.order_by("-version").first()
    version = latest.version + 1 if latest else 1
    return exam.submission_create(
        enrolment=enrolment, by=enrolment.candidate, expected_version=version
    )


def consent(enrolment, given=True, via=ConsentVia.SETTINGS):
    return services.consent_set(enrolment=enrolment, given=given, by=enrolment.candidate, via=via)


def consenting_logbook(name="Nadia Okafor", email=None, *, cohort=None, weeks=None, **kwargs):
    """A new candidate with a submitted, consented logbook; returns the enrolment."""
    candidate = UserFactory(full_name=name, **({"email": email} if email else {}))
    enrolment = EnrolmentFactory(candidate=candidate, **({"cohort": cohort} if cohort else {}))
    submit(enrolment, weeks, **kwargs)
    consent(enrolment)
    return enrolment


def old_cohort(year=2019):
    return CohortFactory(name=f"Intake {year}", start_date=datetime.date(year, 3, 4))


@pytest.fixture
def researcher(cast):
    return cast.researcher


@pytest.fixture
def project(cast) -> Project:
    return services.project_create(title="Brokers and conflict", question="", by=cast.researcher)


@pytest.fixture
def corpus(cast):
    """cast.enrolment submitted and consenting, with a partnership and a word to mask."""
    submit(cast.enrolment, partnership="River Alliance")
    services.mask_words_set(enrolment=cast.enrolment, words=["Tidewater"], by=cast.candidate)
    consent(cast.enrolment)
    return cast


def extract_of(enrolment, week, heading) -> Extract:
    return Extract.objects.get(enrolment=enrolment, week=week, heading=heading)


def queries_for(client, url, method="get", data=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries)
