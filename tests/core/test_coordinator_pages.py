"""The programme coordinator's pages: cohorts, people, enrolments, mentors."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from pbas_logbook.models import Cohort, Enrolment, EnrolmentStatus, Invitation, User
from programme import services
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

MISSING = 999_999


def coordinator_urls(cast):
    """Every coordinator page, built for the cast: ``{name: (url, methods)}``."""
    return {
        "cohort_list": (reverse("coordinator:cohort_list"), "GET"),
        "cohort_create": (reverse("coordinator:cohort_create"), "GET POST"),
        "cohort_detail": (reverse("coordinator:cohort_detail", args=[cast.cohort.pk]), "GET"),
        "person_list": (reverse("coordinator:person_list"), "GET"),
        "person_invite": (reverse("coordinator:person_invite"), "GET POST"),
        "person_detail": (
            reverse("coordinator:person_detail", args=[cast.stranger.pk]),
            "GET POST",
        ),
        "person_reinvite": (
            reverse("coordinator:person_reinvite", args=[cast.stranger.pk]),
            "POST",
        ),
        "enrolment_create": (reverse("coordinator:enrolment_create"), "GET POST"),
        "enrolment_mentor": (
            reverse("coordinator:enrolment_mentor", args=[cast.enrolment.pk]),
            "GET POST",
        ),
        "audit_trail": (reverse("coordinator:audit_trail"), "GET"),
    }


NAMES = [
    "cohort_list",
    "cohort_create",
    "cohort_detail",
    "person_list",
    "person_invite",
    "person_detail",
    "person_reinvite",
    "enrolment_create",
    "enrolment_mentor",
    "audit_trail",
]
WITH_ID = {
    "cohort_detail": "coordinator:cohort_detail",
    "person_detail": "coordinator:person_detail",
    "person_reinvite": "coordinator:person_reinvite",
    "enrolment_mentor": "coordinator:enrolment_mentor",
}


def request(client, url, methods):
    """The page's own first method: GET where it has one, else POST."""
    return client.get(url) if "GET" in methods else client.post(url)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
class TestAccessToEveryCoordinatorPage:
    def test_the_list_names_every_coordinator_url(self):
        coordinator = get_resolver().namespace_dict["coordinator"][1]

        assert {name for name in coordinator.reverse_dict if isinstance(name, str)} == set(NAMES)

    @pytest.mark.parametrize("name", NAMES)
    def test_anonymous_is_sent_to_log_in(self, cast, client, name):
        url, methods = coordinator_urls(cast)[name]

        response = request(client, url, methods)

        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"

    @pytest.mark.parametrize("name", NAMES)
    @pytest.mark.parametrize("person", ["candidate", "mentor", "examiner", "stranger"])
    def test_other_roles_get_403(self, cast, client_for, name, person):
        url, methods = coordinator_urls(cast)[name]

        response = request(client_for(getattr(cast, person)), url, methods)

        assert response.status_code == 403
        assert "You cannot open this page" in response.content.decode()

    @pytest.mark.parametrize("name", NAMES)
    def test_coordinator_may_open_it(self, cast, client_for, name):
        url, methods = coordinator_urls(cast)[name]

        response = request(client_for(cast.coordinator), url, methods)

        assert response.status_code == (200 if "GET" in methods else 302)

    def test_get_on_the_post_only_reinvite_is_refused(self, cast, client_for):
        url, _ = coordinator_urls(cast)["person_reinvite"]

        assert client_for(cast.coordinator).get(url).status_code == 405
        assert Invitation.objects.count() == 0

    @pytest.mark.parametrize("name", sorted(WITH_ID))
    def test_a_missing_id_is_404(self, cast, client_for, name):
        url = reverse(WITH_ID[name], args=[MISSING])
        methods = coordinator_urls(cast)[name][1]

        response = request(client_for(cast.coordinator), url, methods)

        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_a_non_numeric_id_does_not_match_any_page(self, cast, client_for):
        response = client_for(cast.coordinator).get("/coordinator/cohorts/abc/")

        assert response.status_code == 404


@pytest.mark.django_db
class TestCohortList:
    def test_shows_each_cohort_with_its_counts(self, cast, client_for):
        EnrolmentFactory(cohort=cast.cohort, mentor=None)

        response = client_for(cast.coordinator).get("/coordinator/cohorts/")

        cohort = response.context["cohorts"].get(pk=cast.cohort.pk)
        assert (cohort.candidate_count, cohort.active_count, cohort.without_mentor) == (3, 3, 1)
        assert "Spring intake" in response.content.decode()

    def test_the_newest_intake_comes_first(self, cast, client_for):
        # The counts' GROUP BY drops Meta.ordering: the page orders itself.
        today = timezone.localdate()
        weeks = datetime.timedelta(weeks=1)
        older = CohortFactory(name="Aardvark intake", start_date=today - 60 * weeks)
        newer = CohortFactory(name="Zebra intake", start_date=today + 2 * weeks)

        response = client_for(cast.coordinator).get("/coordinator/cohorts/")

        names = [c.name for c in response.context["cohorts"]]
        assert names.index(newer.name) < names.index(cast.cohort.name) < names.index(older.name)

    def test_an_empty_list_offers_to_create_the_first_cohort(self, db, client_for):
        coordinator = UserFactory(is_staff=True)

        response = client_for(coordinator).get("/coordinator/cohorts/")

        assert "Create the first cohort" in response.content.decode()


@pytest.mark.django_db
class TestCohortCreate:
    url = "/coordinator/cohorts/new/"

    def test_creates_a_cohort_and_shows_it(self, cast, client_for):
        response = client_for(cast.coordinator).post(
            self.url, {"name": "Autumn intake", "start_date": "2026-09-07"}
        )

        cohort = Cohort.objects.get(name="Autumn intake")
        assert cohort.start_date == datetime.date(2026, 9, 7)
        assert response["Location"] == f"/coordinator/cohorts/{cohort.pk}/"

    def test_a_duplicate_name_is_a_clear_form_error(self, cast, client_for):
        response = client_for(cast.coordinator).post(
            self.url, {"name": "Spring intake", "start_date": "2026-09-07"}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["name"] == [
            "A cohort with this name already exists."
        ]
        assert Cohort.objects.filter(name="Spring intake").count() == 1

    @pytest.mark.parametrize(
        "data",
        [{"name": "", "start_date": "2026-01-01"}, {"name": "X", "start_date": "31/31/2026"}],
    )
    def test_incomplete_input_is_a_form_error(self, cast, client_for, data):
        response = client_for(cast.coordinator).post(self.url, data)

        assert response.status_code == 200
        assert response.context["form"].errors


@pytest.mark.django_db
class TestCohortDetail:
    def test_lists_the_enrolments_with_their_mentors(self, cast, client_for):
        response = client_for(cast.coordinator).get(f"/coordinator/cohorts/{cast.cohort.pk}/")

        html = response.content.decode()
        assert list(response.context["enrolments"]) == [cast.enrolment, cast.enrolment2]
        assert "Mo Mentor" in html and "Mia Mentor" in html

    def test_shows_only_its_own_cohort(self, cast, client_for):
        other = EnrolmentFactory()

        response = client_for(cast.coordinator).get(f"/coordinator/cohorts/{cast.cohort.pk}/")

        assert other not in response.context["enrolments"]


@pytest.mark.django_db
class TestPersonList:
    def test_lists_people_with_their_roles(self, cast, client_for):
        response = client_for(cast.coordinator).get("/coordinator/people/")

        people = {p.email: p for p in response.context["people"]}
        assert people[cast.candidate.email].enrolment_count == 1
        assert people[cast.mentor.email].mentee_count == 1
        assert len(people) == 8
        names = [p.full_name for p in response.context["people"]]
        assert names == sorted(names)

    def test_searches_by_name_or_email(self, cast, client_for):
        client = client_for(cast.coordinator)

        by_name = client.get("/coordinator/people/", {"q": "mo ment"})
        by_email = client.get("/coordinator/people/", {"q": "STRANGER@"})
        no_match = client.get("/coordinator/people/", {"q": "zzz"})

        assert list(by_name.context["people"]) == [cast.mentor]
        assert list(by_email.context["people"]) == [cast.stranger]
        assert "Nobody matches" in no_match.content.decode()


@pytest.mark.django_db
class TestPersonDetail:
    def url(self, person):
        return f"/coordinator/people/{person.pk}/"

    def test_shows_enrolments_and_mentees(self, cast, client_for):
        mentor_page = client_for(cast.coordinator).get(self.url(cast.mentor))
        candidate_page = client_for(cast.coordinator).get(self.url(cast.candidate))

        assert list(mentor_page.context["mentees"]) == [cast.enrolment]
        assert list(candidate_page.context["enrolments"]) == [cast.enrolment]

    def test_someone_with_a_password_is_offered_a_new_password_link_not_an_invitation(
        self, cast, client_for
    ):
        coordinator = client_for(cast.coordinator)
        invited = UserFactory(email="invited@example.test", password=None)
        invited.set_unusable_password()
        invited.save()

        active_page = coordinator.get(self.url(cast.candidate)).content.decode()
        invited_page = coordinator.get(self.url(invited)).content.decode()
        response = coordinator.post(f"/coordinator/people/{cast.candidate.pk}/reinvite/")

        assert "Send a link to set a new password" in active_page
        assert "Send a new invitation link" not in active_page
        assert "Send a new invitation link" in invited_page
        assert messages_of(response) == [
            "A link to set a new password was sent to candidate@example.test."
        ]

    def test_edits_the_roles(self, cast, client_for):
        response = client_for(cast.coordinator).post(
            self.url(cast.stranger),
            {"full_name": "Now Examiner", "is_examiner": "on", "is_active": "on"},
        )

        assert response.status_code == 302
        cast.stranger.refresh_from_db()
        assert cast.stranger.is_examiner and cast.stranger.full_name == "Now Examiner"

    def test_a_coordinator_cannot_remove_their_own_coordinator_role(self, cast, client_for):
        response = client_for(cast.coordinator).post(
            self.url(cast.coordinator), {"full_name": "Co Ordinator", "is_active": "on"}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["is_staff"]
        cast.coordinator.refresh_from_db()
        assert cast.coordinator.is_staff

    def test_a_coordinator_cannot_deactivate_their_own_account(self, cast, client_for):
        client = client_for(cast.coordinator)

        response = client.post(
            self.url(cast.coordinator), {"full_name": "Co Ordinator", "is_staff": "on"}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["is_active"] == [
            "You cannot deactivate your own account."
        ]
        cast.coordinator.refresh_from_db()
        assert cast.coordinator.is_active
        assert client.get("/coordinator/cohorts/").status_code == 200

    def test_deactivating_someone_else_signs_them_out(self, cast, client_for):
        from django.test import Client

        candidate = Client()
        candidate.force_login(cast.candidate, backend="accounts.backends.EmailBackend")

        client_for(cast.coordinator).post(
            self.url(cast.candidate), {"full_name": cast.candidate.full_name}
        )

        cast.candidate.refresh_from_db()
        assert not cast.candidate.is_active
        assert candidate.get(reverse("password_change")).status_code == 302


@pytest.mark.django_db
class TestEnrolmentCreate:
    url = "/coordinator/enrolments/new/"

    def data(self, cast, **changes):
        newcomer = UserFactory(email="newcomer@example.test")
        data = {
            "candidate": newcomer.pk,
            "cohort": cast.cohort.pk,
            "mentor": cast.mentor.pk,
            "start_date": "2026-03-02",
            "length_weeks": 15,
        }
        return {**data, **changes}

    def test_enrols_a_candidate_with_a_mentor(self, cast, client_for):
        response = client_for(cast.coordinator).post(self.url, self.data(cast))

        enrolment = Enrolment.objects.get(candidate__email="newcomer@example.test")
        assert enrolment.mentor == cast.mentor
        assert enrolment.length_weeks == 15
        assert response["Location"] == f"/coordinator/cohorts/{cast.cohort.pk}/"

    def test_the_cohort_can_be_preselected(self, cast, client_for):
        response = client_for(cast.coordinator).get(self.url, {"cohort": cast.cohort.pk})

        assert response.context["form"].initial["cohort"] == str(cast.cohort.pk)

    def test_a_bad_preselected_cohort_is_ignored(self, cast, client_for):
        response = client_for(cast.coordinator).get(self.url, {"cohort": "x' or 1=1"})

        assert response.status_code == 200
        assert "cohort" not in response.context["form"].initial

    def test_a_candidate_cannot_be_their_own_mentor(self, cast, client_for):
        data = self.data(cast)
        data["mentor"] = data["candidate"]

        response = client_for(cast.coordinator).post(self.url, data)

        assert response.status_code == 200
        assert response.context["form"].errors["mentor"] == [
            "A candidate cannot be their own mentor."
        ]
        assert response.context["form"].non_field_errors() == []
        assert not Enrolment.objects.filter(candidate__email="newcomer@example.test").exists()

    def test_a_second_enrolment_in_the_same_cohort_is_a_clear_error(self, cast, client_for):
        data = self.data(cast, candidate=cast.candidate.pk, mentor=cast.mentor2.pk)

        response = client_for(cast.coordinator).post(self.url, data)

        assert response.status_code == 200
        assert response.context["form"].errors["candidate"] == [
            "This person is already enrolled in this cohort."
        ]
        assert response.context["form"].non_field_errors() == []
        assert Enrolment.objects.filter(candidate=cast.candidate).count() == 1

    @pytest.mark.parametrize("status", [EnrolmentStatus.ACCREDITED, EnrolmentStatus.WITHDRAWN])
    def test_a_candidate_may_enrol_again_once_the_first_is_closed(self, cast, client_for, status):
        Enrolment.objects.filter(pk=cast.enrolment.pk).update(status=status)
        later = CohortFactory(name="Later intake")
        data = self.data(cast, candidate=cast.candidate.pk, cohort=later.pk)

        response = client_for(cast.coordinator).post(self.url, data)

        assert response.status_code == 302
        assert Enrolment.objects.filter(candidate=cast.candidate).count() == 2

    @pytest.mark.parametrize(
        "status, said",
        [(EnrolmentStatus.ACTIVE, "in programme"), (EnrolmentStatus.SUBMITTED, "submitted")],
    )
    def test_a_candidate_with_an_open_logbook_is_not_enrolled_again(
        self, cast, client_for, status, said
    ):
        """A second open enrolment would become the candidate's home page and
        hide the logbook they are writing."""
        Enrolment.objects.filter(pk=cast.enrolment.pk).update(status=status)
        later = CohortFactory(name="Later intake")
        data = self.data(cast, candidate=cast.candidate.pk, cohort=later.pk)

        response = client_for(cast.coordinator).post(self.url, data)

        assert response.status_code == 200
        (error,) = response.context["form"].errors["candidate"]
        assert error.startswith(f"{cast.candidate.full_name} is already {said}")
        assert "Spring intake" in error and "one logbook at a time" in error
        assert response.context["form"]["start_date"].value() == "2026-03-02"
        assert Enrolment.objects.filter(candidate=cast.candidate).count() == 1

    def test_the_service_refuses_a_second_open_enrolment_too(self, cast):
        later = CohortFactory(name="Later intake")

        with pytest.raises(ValidationError, match="one logbook at a time"):
            services.enrolment_create(
                candidate=cast.candidate,
                cohort=later,
                mentor=None,
                start_date=datetime.date(2026, 3, 2),
            )

    @pytest.mark.parametrize("weeks", [0, 105, 200])
    def test_a_length_out_of_range_is_a_clear_error(self, cast, client_for, weeks):
        response = client_for(cast.coordinator).post(self.url, self.data(cast, length_weeks=weeks))

        assert response.status_code == 200
        assert response.context["form"].errors["length_weeks"] == [
            "The programme length must be between 1 and 104 weeks."
        ]
        assert response.context["form"].non_field_errors() == []

    @pytest.mark.parametrize("weeks", [-1, "", "fifteen", 10**9])
    def test_a_nonsense_length_is_a_form_error_not_a_crash(self, cast, client_for, weeks):
        response = client_for(cast.coordinator).post(self.url, self.data(cast, length_weeks=weeks))

        assert response.status_code == 200
        assert response.context["form"].errors["length_weeks"]

    def test_the_mentor_may_be_left_for_later(self, cast, client_for):
        response = client_for(cast.coordinator).post(self.url, self.data(cast, mentor=""))

        assert response.status_code == 302
        assert Enrolment.objects.get(candidate__email="newcomer@example.test").mentor is None

    def test_a_deactivated_person_cannot_be_chosen_as_mentor(self, cast, client_for):
        User.objects.filter(pk=cast.mentor2.pk).update(is_active=False)

        response = client_for(cast.coordinator).post(
            self.url, self.data(cast, mentor=cast.mentor2.pk)
        )

        assert response.status_code == 200
        assert response.context["form"].errors["mentor"]


@pytest.mark.django_db
class TestEnrolmentMentor:
    def url(self, enrolment):
        return f"/coordinator/enrolments/{enrolment.pk}/mentor/"

    def test_shows_the_current_mentor(self, cast, client_for):
        response = client_for(cast.coordinator).get(self.url(cast.enrolment))

        assert "Currently: Mo Mentor" in response.content.decode()
        assert response.context["form"].initial["mentor"] == cast.mentor

    def test_changes_the_mentor(self, cast, client_for):
        response = client_for(cast.coordinator).post(
            self.url(cast.enrolment), {"mentor": cast.mentor2.pk}
        )

        assert response["Location"] == f"/coordinator/cohorts/{cast.cohort.pk}/"
        cast.enrolment.refresh_from_db()
        assert cast.enrolment.mentor == cast.mentor2

    def test_assigns_a_mentor_where_there_was_none(self, cast, client_for):
        enrolment = EnrolmentFactory(cohort=cast.cohort, mentor=None)

        client_for(cast.coordinator).post(self.url(enrolment), {"mentor": cast.mentor.pk})

        enrolment.refresh_from_db()
        assert enrolment.mentor == cast.mentor

    def test_removes_the_mentor(self, cast, client_for):
        client_for(cast.coordinator).post(self.url(cast.enrolment), {"mentor": ""})

        cast.enrolment.refresh_from_db()
        assert cast.enrolment.mentor is None

    def test_the_candidate_cannot_become_their_own_mentor(self, cast, client_for):
        response = client_for(cast.coordinator).post(
            self.url(cast.enrolment), {"mentor": cast.candidate.pk}
        )

        assert response.status_code == 200
        assert "A candidate cannot be their own mentor." in response.content.decode()
        assert messages_of(response) == []
        cast.enrolment.refresh_from_db()
        assert cast.enrolment.mentor == cast.mentor

    def test_an_unknown_mentor_is_a_form_error(self, cast, client_for):
        response = client_for(cast.coordinator).post(self.url(cast.enrolment), {"mentor": MISSING})

        assert response.status_code == 200
        assert response.context["form"].errors["mentor"]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.django_db
class TestQueryCounts:
    """Each list costs the same number of queries for 2 rows as for 20.

    Every signed-in page pays for the session, the user and whatever the
    navigation looks up (today: has enrolments? mentors anyone?). That
    baseline is measured on a page with nothing else on it, so a change to
    the navigation does not break these counts. On top of it:
    - cohort_list: 1 query, the cohorts with their counts annotated
    - cohort_detail: 2, the cohort; its enrolments joined to candidate and mentor
    - person_list: 1 query, the people with their counts annotated
    """

    def grow(self, cast, size):
        """``size`` more cohorts, and ``size`` more enrolments in the cast's cohort."""
        for _ in range(size):
            EnrolmentFactory(cohort=CohortFactory())
            EnrolmentFactory(cohort=cast.cohort)

    @pytest.mark.parametrize(
        ("name", "own_queries"),
        [("cohort_list", 1), ("cohort_detail", 2), ("person_list", 1)],
    )
    def test_queries_do_not_grow_with_the_rows(
        self, cast, client_for, django_assert_max_num_queries, name, own_queries
    ):
        client = client_for(cast.coordinator)
        args = [cast.cohort.pk] if name == "cohort_detail" else []
        url = reverse(f"coordinator:{name}", args=args)
        baseline = queries_for(client, reverse("password_change_done"))

        self.grow(cast, 2)
        small = queries_for(client, url)
        self.grow(cast, 20)
        with django_assert_max_num_queries(baseline + own_queries):
            large = queries_for(client, url)

        assert small == large == baseline + own_queries


@pytest.mark.django_db
class TestWhoMayBeACandidate:
    """Issue 11, item 10: staff roles read or decide on candidates' logbooks,
    so a person holding one is not enrolled as a candidate; the form says so."""

    url = "/coordinator/enrolments/new/"

    def post(self, cast, client_for, person):
        later = CohortFactory(name="Later intake")
        return client_for(cast.coordinator).post(
            self.url,
            {
                "candidate": person.pk,
                "cohort": later.pk,
                "mentor": cast.mentor2.pk,
                "start_date": timezone.localdate().isoformat(),
                "length_weeks": 15,
            },
        )

    @pytest.mark.parametrize(
        "role, said",
        [
            ("coordinator", "a programme coordinator"),
            ("examiner", "an examiner"),
            ("researcher", "a researcher"),
        ],
    )
    def test_a_person_with_a_staff_role_is_refused_on_the_field(self, cast, client_for, role, said):
        person = getattr(cast, role)

        response = self.post(cast, client_for, person)

        assert response.status_code == 200
        (error,) = response.context["form"].errors["candidate"]
        assert f"is {said}" in error and "holds no staff role" in error
        assert not Enrolment.objects.filter(candidate=person).exists()

    def test_the_coordinator_cannot_enrol_themself(self, cast, client_for):
        response = self.post(cast, client_for, cast.coordinator)

        assert "a programme coordinator" in response.context["form"].errors["candidate"][0]

    def test_a_mentor_of_an_open_logbook_is_refused(self, cast, client_for):
        response = self.post(cast, client_for, cast.mentor)

        (error,) = response.context["form"].errors["candidate"]
        assert "mentors a candidate" in error
        assert not Enrolment.objects.filter(candidate=cast.mentor).exists()

    def test_a_mentor_whose_mentees_are_all_accredited_may_enrol(self, cast, client_for):
        Enrolment.objects.filter(mentor=cast.mentor).update(status=EnrolmentStatus.ACCREDITED)

        response = self.post(cast, client_for, cast.mentor)

        assert response.status_code == 302
        assert Enrolment.objects.filter(candidate=cast.mentor).exists()

    def test_the_service_refuses_too(self, cast):
        with pytest.raises(ValidationError, match="holds no staff role"):
            services.enrolment_create(
                candidate=cast.examiner,
                cohort=CohortFactory(),
                mentor=None,
                start_date=timezone.localdate(),
            )

    @pytest.mark.parametrize("role", ["is_examiner", "is_staff", "is_researcher"])
    def test_a_candidate_with_an_open_logbook_is_given_no_staff_role(self, cast, client_for, role):
        response = client_for(cast.coordinator).post(
            f"/coordinator/people/{cast.candidate.pk}/",
            {"full_name": cast.candidate.full_name, role: "on", "is_active": "on"},
        )

        assert response.status_code == 200
        (error,) = response.context["form"].errors[role]
        assert "is a candidate in Spring intake" in error and "holds no staff role" in error
        cast.candidate.refresh_from_db()
        assert not getattr(cast.candidate, role)

    def test_an_accredited_candidate_may_become_an_examiner(self, cast, client_for):
        Enrolment.objects.filter(pk=cast.enrolment.pk).update(status=EnrolmentStatus.ACCREDITED)

        response = client_for(cast.coordinator).post(
            f"/coordinator/people/{cast.candidate.pk}/",
            {"full_name": cast.candidate.full_name, "is_examiner": "on", "is_active": "on"},
        )

        assert response.status_code == 302
        cast.candidate.refresh_from_db()
        assert cast.candidate.is_examiner

    def test_a_candidate_with_an_open_logbook_does_not_mentor(self, cast, client_for):
        response = client_for(cast.coordinator).post(
            f"/coordinator/enrolments/{cast.enrolment2.pk}/mentor/",
            {"mentor": cast.candidate.pk},
        )

        assert response.status_code == 200
        (error,) = response.context["form"].errors["mentor"]
        assert "is a candidate in Spring intake" in error
        cast.enrolment2.refresh_from_db()
        assert cast.enrolment2.mentor == cast.mentor2

    def test_the_form_says_who_may_be_a_candidate(self, cast, client_for):
        page = client_for(cast.coordinator).get(self.url).content.decode()

        assert "A candidate holds no staff role" in page


@pytest.mark.django_db
class TestStartDatesAreSane:
    """Issue 11, item 10: a cohort (or enrolment) starting in 1900 is a typo."""

    @pytest.mark.parametrize("day", ["1900-01-01", "2015-06-01", "2206-01-05"])
    def test_a_cohort_start_far_from_today_is_refused_on_the_field(self, cast, client_for, day):
        response = client_for(cast.coordinator).post(
            "/coordinator/cohorts/new/", {"name": "Odd intake", "start_date": day}
        )

        assert response.status_code == 200
        (error,) = response.context["form"].errors["start_date"]
        assert error.startswith("A cohort starts between") and "Check the year." in error
        assert not Cohort.objects.filter(name="Odd intake").exists()

    @pytest.mark.parametrize("years", [-4, 0, 1])
    def test_a_start_within_the_range_is_accepted(self, cast, client_for, years):
        day = timezone.localdate().replace(day=1)
        day = day.replace(year=day.year + years)

        response = client_for(cast.coordinator).post(
            "/coordinator/cohorts/new/", {"name": "Fine intake", "start_date": day.isoformat()}
        )

        assert response.status_code == 302
        assert Cohort.objects.get(name="Fine intake").start_date == day

    def test_the_form_says_the_range(self, cast, client_for):
        page = client_for(cast.coordinator).get("/coordinator/cohorts/new/").content.decode()

        assert "From 5 years ago to 2 years ahead." in page

    def test_an_enrolment_start_in_1900_is_refused_on_the_field(self, cast, client_for):
        newcomer = UserFactory()

        response = client_for(cast.coordinator).post(
            "/coordinator/enrolments/new/",
            {
                "candidate": newcomer.pk,
                "cohort": cast.cohort.pk,
                "mentor": cast.mentor.pk,
                "start_date": "1900-03-05",
                "length_weeks": 15,
            },
        )

        assert response.status_code == 200
        assert (
            response.context["form"]
            .errors["start_date"][0]
            .startswith("An enrolment starts between")
        )
        assert not Enrolment.objects.filter(candidate=newcomer).exists()

    @pytest.mark.parametrize("table", ["pbas_logbook_cohort", "pbas_logbook_enrolment"])
    def test_the_database_refuses_a_start_in_1900_whatever_the_path(self, cast, table):
        from django.db import IntegrityError, transaction

        with (
            pytest.raises(IntegrityError, match="start_in_range"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"UPDATE {table} SET start_date = '1900-01-01'")  # noqa: S608
