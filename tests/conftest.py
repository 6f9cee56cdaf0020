"""The shared cast (STYLE.md 17): two candidates, their two mentors, two
examiners, a coordinator and a stranger, built once per test that asks."""

import importlib
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.db.backends.postgresql.operations import DatabaseOperations

from pbas_logbook.db_guards import maintenance
from pbas_logbook.models import Cohort, Enrolment, User
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory


@dataclass
class Cast:
    cohort: Cohort
    candidate: User
    candidate2: User
    mentor: User
    mentor2: User
    examiner: User
    examiner2: User
    coordinator: User
    stranger: User
    enrolment: Enrolment
    enrolment2: Enrolment
    _researcher: User | None = None

    @property
    def researcher(self) -> User:
        """A researcher (issue 8), created on first use so that tests which
        count the cast's people see the same eight as before."""
        if self._researcher is None:
            self._researcher = UserFactory(email="researcher@example.test", is_researcher=True)
        return self._researcher


@pytest.fixture(autouse=True)
def every_hour_is_morning(settings):
    """The reminder jobs send in each person's morning (library.mornings);
    tests of what they send run at any hour, so every hour is morning here.
    tests/library/test_mornings.py and the jobs' own tests of the morning
    window set the real one back."""
    settings.REMINDER_MORNING_HOUR = 0
    settings.REMINDER_MORNING_HOURS = 24


@pytest.fixture
def cast(db) -> Cast:
    cohort = CohortFactory(name="Spring intake")
    mentor = UserFactory(email="mentor@example.test", full_name="Mo Mentor")
    mentor2 = UserFactory(email="mentor2@example.test", full_name="Mia Mentor")
    candidate = UserFactory(email="candidate@example.test", full_name="Cat Candidate")
    candidate2 = UserFactory(email="candidate2@example.test", full_name="Cy Candidate")
    return Cast(
        cohort=cohort,
        candidate=candidate,
        candidate2=candidate2,
        mentor=mentor,
        mentor2=mentor2,
        examiner=UserFactory(email="examiner@example.test", is_examiner=True),
        examiner2=UserFactory(email="examiner2@example.test", is_examiner=True),
        coordinator=UserFactory(email="coordinator@example.test", is_staff=True),
        stranger=UserFactory(email="stranger@example.test"),
        enrolment=EnrolmentFactory(candidate=candidate, mentor=mentor, cohort=cohort),
        enrolment2=EnrolmentFactory(candidate=candidate2, mentor=mentor2, cohort=cohort),
    )


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user``."""

    def sign_in(user):
        client.force_login(user, backend="accounts.backends.EmailBackend")
        return client

    return sign_in


# Django empties the test database with one TRUNCATE after every
# transactional test (live-server browser tests, seed_scale's). The
# database refuses TRUNCATE on kept records outside maintenance
# (pbas_logbook/db_guards.py); the suite's flush is maintenance, and the
# only one: every other statement of every test meets the guards.
_django_flush = DatabaseOperations.execute_sql_flush


def _flush_in_maintenance(self, sql_list):
    with (
        transaction.atomic(using=self.connection.alias),
        self.connection.cursor() as cursor,
        maintenance(cursor),
    ):
        _django_flush(self, sql_list)
        _reseed_programme_sheet(cursor)


def _reseed_programme_sheet(cursor):
    """The flush also empties what migrations seed: the programme's marking
    sheet (examinations 0003), which every new cohort's scheme copies
    (issue 12). Put back as the migration wrote it, so the next test starts
    from the database a fresh install has."""
    seeded = importlib.import_module("examinations.migrations.0003_seed_assessment_criteria")
    for position, (name, description, weight) in enumerate(seeded.CRITERIA):
        cursor.execute(
            "INSERT INTO examinations_assessmentcriterion"
            " (name, description, weight, position, max_mark, bands, scheme_id)"
            " VALUES (%s, %s, %s, %s, 10, '', NULL)",
            [name, description, weight, position],
        )


DatabaseOperations.execute_sql_flush = _flush_in_maintenance
