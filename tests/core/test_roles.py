"""Roles follow from data; people with several roles switch between them."""

import re

import pytest
from django.contrib.messages import get_messages

from pbas_logbook.models import Role, User
from tests.factories import PASSWORD, EnrolmentFactory, UserFactory

# A core page with nothing but the navigation on it, so these tests do not
# depend on the state of other apps' pages.
NAV_PAGE = "/accounts/password-change/done/"


def fresh(user) -> User:
    """A new instance: ``User.roles`` is cached per instance, as per request."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def many_hats(cast):
    """A person who is a candidate, mentors someone, examines and coordinates."""
    person = UserFactory(email="hats@example.test", is_examiner=True, is_staff=True)
    EnrolmentFactory(candidate=person, cohort=cast.cohort, mentor=cast.mentor)
    EnrolmentFactory(mentor=person)
    return person


@pytest.mark.django_db
class TestRolesFollowFromData:
    def test_each_member_of_the_cast_holds_their_role(self, cast):
        assert cast.candidate.roles == [Role.CANDIDATE]
        assert cast.mentor.roles == [Role.MENTOR]
        assert cast.examiner.roles == [Role.EXAMINER]
        assert cast.coordinator.roles == [Role.COORDINATOR]
        assert cast.stranger.roles == []

    def test_an_enrolment_makes_a_candidate(self, cast):
        EnrolmentFactory(candidate=cast.stranger)

        assert fresh(cast.stranger).roles == [Role.CANDIDATE]

    def test_mentoring_an_enrolment_makes_a_mentor(self, cast):
        EnrolmentFactory(mentor=cast.stranger)

        assert fresh(cast.stranger).roles == [Role.MENTOR]

    def test_losing_the_last_mentee_ends_the_mentor_role(self, cast):
        cast.enrolment.mentor = None
        cast.enrolment.save()

        assert fresh(cast.mentor).roles == []

    def test_flags_make_examiners_and_coordinators(self, cast):
        User.objects.filter(pk=cast.stranger.pk).update(is_examiner=True, is_staff=True)

        assert fresh(cast.stranger).roles == [Role.EXAMINER, Role.COORDINATOR]

    def test_several_roles_come_in_priority_order(self, many_hats):
        assert many_hats.roles == ["candidate", "mentor", "examiner", "coordinator"]
        assert many_hats.main_role == "candidate"

    def test_a_preferred_role_that_is_held_becomes_the_main_role(self, many_hats):
        many_hats.preferred_role = Role.EXAMINER

        assert many_hats.main_role == Role.EXAMINER

    def test_a_preferred_role_no_longer_held_is_ignored(self, cast):
        cast.mentor.preferred_role = Role.COORDINATOR

        assert cast.mentor.main_role == Role.MENTOR

    def test_nobody_without_a_role_has_a_main_role(self, cast):
        assert cast.stranger.main_role is None


@pytest.mark.django_db
class TestHome:
    @pytest.mark.parametrize(
        ("person", "home"),
        [
            ("candidate", "/logbook/"),
            ("mentor", "/mentees/"),
            ("examiner", "/examine/"),
            ("coordinator", "/coordinator/cohorts/"),
        ],
    )
    def test_sends_each_role_to_its_home(self, cast, client_for, person, home):
        response = client_for(getattr(cast, person)).get("/")

        assert response.status_code == 302
        assert response["Location"] == home

    def test_a_person_with_no_role_sees_the_welcome_page(self, cast, client_for):
        response = client_for(cast.stranger).get("/")

        html = response.content.decode()
        assert response.status_code == 200
        assert "<title>Welcome · PBAS Logbook</title>" in html
        assert "Your account has no role in the programme yet" in html

    def test_anonymous_is_sent_to_log_in(self, db, client):
        response = client.get("/")

        assert response["Location"] == "/accounts/login/?next=/"


def role_switcher(html: str) -> list[str]:
    """The roles offered by the navigation's switcher (empty when there is none)."""
    return re.findall(r'<input type="hidden" name="role" value="(\w+)">', html)


@pytest.mark.django_db
class TestRoleSwitcher:
    def test_a_person_with_several_roles_sees_a_switcher(self, many_hats, client_for):
        html = client_for(many_hats).get(NAV_PAGE).content.decode()

        assert role_switcher(html) == ["candidate", "mentor", "examiner", "coordinator"]
        assert "Role: Candidate" in html
        assert 'action="/role/"' in html

    def test_a_person_with_one_role_sees_no_switcher(self, cast, client_for):
        html = client_for(cast.mentor).get(NAV_PAGE).content.decode()

        assert role_switcher(html) == []
        assert "Mentor" in html

    def test_switching_goes_to_the_home_of_that_role(self, many_hats, client_for):
        client = client_for(many_hats)

        response = client.post("/role/", {"role": "mentor"})

        assert response.status_code == 302
        assert response["Location"] == "/mentees/"
        assert client.session["active_role"] == "mentor"
        assert fresh(many_hats).preferred_role == "mentor"
        html = client.get(NAV_PAGE).content.decode()
        assert "Role: Mentor" in html
        assert client.get("/")["Location"] == "/mentees/"

    @pytest.mark.parametrize(
        ("role", "home"),
        [("examiner", "/examine/"), ("coordinator", "/coordinator/cohorts/")],
    )
    def test_every_held_role_can_be_chosen(self, many_hats, client_for, role, home):
        response = client_for(many_hats).post("/role/", {"role": role})

        assert response["Location"] == home

    def test_the_chosen_role_is_remembered_at_the_next_login(self, many_hats, client):
        client.force_login(many_hats, backend="accounts.backends.EmailBackend")
        client.post("/role/", {"role": "examiner"})
        client.post("/accounts/logout/")

        response = client.post(
            "/accounts/login/", {"username": many_hats.email, "password": PASSWORD}, follow=True
        )

        assert response.redirect_chain[-1][0] == "/examine/"

    @pytest.mark.parametrize("role", ["coordinator", "examiner", "mentor", "", "superuser"])
    def test_a_role_not_held_is_refused_with_a_message(self, cast, client_for, role):
        client = client_for(cast.candidate)

        response = client.post("/role/", {"role": role})

        assert response.status_code == 302
        assert response["Location"] == "/"
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "You do not hold that role."
        ]
        assert "active_role" not in client.session
        assert fresh(cast.candidate).preferred_role == ""

    def test_get_is_refused(self, many_hats, client_for):
        assert client_for(many_hats).get("/role/").status_code == 405

    def test_anonymous_is_sent_to_log_in(self, db, client):
        response = client.post("/role/", {"role": "candidate"})

        assert response["Location"] == "/accounts/login/?next=/role/"

    def test_a_role_lost_since_switching_falls_back_to_the_main_role(
        self, cast, many_hats, client_for
    ):
        client = client_for(many_hats)
        client.post("/role/", {"role": "coordinator"})
        User.objects.filter(pk=many_hats.pk).update(is_staff=False)

        response = client.get("/")

        assert response["Location"] == "/logbook/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "person, promise",
    [
        ("candidate", "Your logbook is private: only you, and your mentor"),
        ("mentor", "Candidates write here in confidence"),
        ("examiner", "Submissions are confidential: you read them for examination only."),
        ("coordinator", "candidates' writing stays with them, their mentor and their examiner"),
        ("researcher", "Anonymised extracts, from candidates who agreed"),
    ],
)
def test_the_footer_states_the_confidentiality_of_each_role(cast, client_for, person, promise):
    html = client_for(getattr(cast, person)).get(NAV_PAGE).content.decode()
    footer = html[html.index('<footer class="site-footer') :]

    assert promise in footer.replace("&#x27;", "'")
