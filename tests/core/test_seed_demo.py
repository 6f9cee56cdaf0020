"""``manage.py seed_demo``: the demo cohort and accounts, safe to run again."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from demo.people import DEMO_PASSWORD, DEMO_PEOPLE
from pbas_logbook.models import Cohort, Enrolment, User

PROJECT_APPS = ["pbas_logbook", "entries", "mentors", "examinations"]

HOMES = {
    "coordinator@example.org": "/coordinator/cohorts/",
    "mentor@example.org": "/mentees/",
    "mentor2@example.org": "/mentees/",
    "examiner@example.org": "/examine/",
    "examiner2@example.org": "/examine/",
    "candidate@example.org": "/logbook/",
    "candidate2@example.org": "/logbook/",
    "candidate3@example.org": "/logbook/",
}


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table of the project's apps, later apps' demo data included."""
    return {
        model._meta.label: model._base_manager.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    seed()


@pytest.mark.django_db
class TestSeedDemo:
    def test_running_it_twice_leaves_the_same_data(self, seeded):
        first = row_counts()

        seed()

        assert row_counts() == first
        # The eight accounts the foundation promises, plus the demo people
        # later apps add (an earlier intake for examinations, a researcher).
        assert first["pbas_logbook.User"] >= 8
        assert first["pbas_logbook.Enrolment"] >= 3

    def test_creates_the_promised_accounts(self, seeded):
        emails = set(User.objects.values_list("email", flat=True))
        assert set(HOMES) <= emails
        assert set(HOMES) <= {email for email, _, _ in DEMO_PEOPLE}

    def test_pairs_candidates_with_their_mentors(self, seeded):
        demo_cohort = Cohort.objects.get(name="Demo cohort")
        pairs = {
            e.candidate.email: e.mentor.email
            for e in Enrolment.objects.select_related("candidate", "mentor").filter(
                cohort=demo_cohort
            )
        }

        assert pairs == {
            "candidate@example.org": "mentor@example.org",
            "candidate2@example.org": "mentor@example.org",
            "candidate3@example.org": "mentor2@example.org",
        }

    def test_gives_examiners_and_the_coordinator_their_flags(self, seeded):
        assert set(User.objects.filter(is_examiner=True).values_list("email", flat=True)) == {
            "examiner@example.org",
            "examiner2@example.org",
        }
        assert list(User.objects.filter(is_staff=True).values_list("email", flat=True)) == [
            "coordinator@example.org"
        ]
        assert not User.objects.filter(is_superuser=True).exists()

    @pytest.mark.parametrize("email", list(HOMES))
    def test_every_demo_account_logs_in_and_lands_on_its_home(self, seeded, client, email):
        response = client.post(
            "/accounts/login/", {"username": email, "password": DEMO_PASSWORD}, follow=True
        )

        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == HOMES[email]
        assert response.wsgi_request.user.email == email

    def test_keeps_a_changed_password(self, seeded):
        candidate = User.objects.get(email="candidate@example.org")
        candidate.set_password("changed-by-hand-99")
        candidate.save()

        seed()

        candidate.refresh_from_db()
        assert candidate.check_password("changed-by-hand-99")

    def test_prints_the_accounts_and_the_password(self, db, settings):
        settings.DEBUG = True

        output = seed()

        assert "pbas-demo" in output
        for email in HOMES:
            assert email in output


@pytest.mark.django_db
class TestSeedDemoInProduction:
    def test_refuses_when_debug_is_off(self, settings):
        settings.DEBUG = False

        with pytest.raises(CommandError, match="DEBUG off"):
            seed()

        assert not User.objects.exists()

    def test_runs_with_force(self, settings):
        settings.DEBUG = False

        seed("--force")

        assert set(HOMES) <= set(User.objects.values_list("email", flat=True))
