"""The access policy (pbas_logbook/access.py): who may see which enrolment."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pbas_logbook import access
from pbas_logbook.models import Role, User
from programme import services
from tests.factories import EnrolmentFactory


def visible(user) -> set:
    return set(access.enrolments_visible_to(user))


@pytest.mark.django_db
class TestEnrolmentsVisibleTo:
    def test_a_candidate_sees_their_own(self, cast):
        assert visible(cast.candidate) == {cast.enrolment}

    def test_a_mentor_sees_their_mentees(self, cast):
        other_mentee = EnrolmentFactory(mentor=cast.mentor)

        assert visible(cast.mentor) == {cast.enrolment, other_mentee}
        assert visible(cast.mentor2) == {cast.enrolment2}

    def test_a_mentor_who_is_also_a_candidate_sees_both(self, cast):
        own = EnrolmentFactory(candidate=cast.mentor)

        assert visible(cast.mentor) == {cast.enrolment, own}

    def test_a_coordinator_sees_all(self, cast):
        elsewhere = EnrolmentFactory()

        assert visible(cast.coordinator) == {cast.enrolment, cast.enrolment2, elsewhere}

    @pytest.mark.parametrize("person", ["stranger", "examiner", "examiner2"])
    def test_people_without_a_relation_see_none(self, cast, person):
        assert visible(getattr(cast, person)) == set()

    def test_anonymous_sees_none(self, cast):
        assert visible(AnonymousUser()) == set()
        assert visible(None) == set()

    def test_a_deactivated_account_sees_none(self, cast):
        User.objects.filter(pk__in=[cast.candidate.pk, cast.coordinator.pk]).update(is_active=False)
        cast.candidate.refresh_from_db()
        cast.coordinator.refresh_from_db()

        assert visible(cast.candidate) == set()
        assert visible(cast.coordinator) == set()

    def test_own_and_mentee_lists_are_separate(self, cast):
        own = EnrolmentFactory(candidate=cast.mentor)

        assert set(access.own_enrolments(cast.mentor)) == {own}
        assert set(access.mentee_enrolments(cast.mentor)) == {cast.enrolment}
        assert set(access.mentee_enrolments(AnonymousUser())) == set()
        assert set(access.own_enrolments(AnonymousUser())) == set()


@pytest.mark.django_db
class TestGetEnrolmentFor:
    @pytest.mark.parametrize("person", ["candidate", "mentor", "coordinator"])
    def test_returns_an_enrolment_the_person_may_see(self, cast, person):
        assert access.get_enrolment_for(getattr(cast, person), cast.enrolment.pk) == cast.enrolment

    @pytest.mark.parametrize("person", ["candidate2", "mentor2", "examiner", "stranger"])
    def test_unrelated_people_get_404(self, cast, person):
        with pytest.raises(Http404):
            access.get_enrolment_for(getattr(cast, person), cast.enrolment.pk)

    def test_anonymous_gets_404(self, cast):
        with pytest.raises(Http404):
            access.get_enrolment_for(AnonymousUser(), cast.enrolment.pk)

    def test_a_missing_id_is_the_same_404(self, cast):
        with pytest.raises(Http404):
            access.get_enrolment_for(cast.coordinator, 999_999)

    @pytest.mark.parametrize("bad_id", ["abc", "1; drop table", "", None, [1], "1.5", -1])
    def test_a_malformed_id_is_the_same_404(self, cast, bad_id):
        with pytest.raises(Http404):
            access.get_enrolment_for(cast.coordinator, bad_id)

    def test_a_replaced_mentor_gets_404_at_once(self, cast):
        assert access.get_enrolment_for(cast.mentor, cast.enrolment.pk) == cast.enrolment

        services.enrolment_assign_mentor(
            enrolment=cast.enrolment, mentor=cast.mentor2, by=cast.coordinator
        )

        with pytest.raises(Http404):
            access.get_enrolment_for(cast.mentor, cast.enrolment.pk)
        assert access.get_enrolment_for(cast.mentor2, cast.enrolment.pk) == cast.enrolment

    def test_a_removed_mentor_gets_404_at_once(self, cast):
        services.enrolment_assign_mentor(enrolment=cast.enrolment, mentor=None, by=cast.coordinator)

        with pytest.raises(Http404):
            access.get_enrolment_for(cast.mentor, cast.enrolment.pk)


@pytest.mark.django_db
class TestCoordinatorRecords:
    def test_only_coordinators_see_cohorts_and_people(self, cast):
        assert set(access.cohorts_for(cast.coordinator)) == {cast.cohort}
        assert access.people_for(cast.coordinator).count() == 8
        for person in [cast.candidate, cast.mentor, cast.examiner, AnonymousUser()]:
            assert not access.cohorts_for(person).exists()
            assert not access.people_for(person).exists()

    def test_require_coordinator_refuses_everyone_else(self, cast):
        access.require_role(cast.coordinator, Role.COORDINATOR)
        for person in [cast.candidate, cast.mentor, cast.examiner, AnonymousUser()]:
            with pytest.raises(PermissionDenied):
                access.require_role(person, Role.COORDINATOR)

    @pytest.mark.parametrize("bad_id", ["abc", None, 999_999])
    def test_get_or_404_answers_404_for_missing_or_malformed_ids(self, cast, bad_id):
        with pytest.raises(Http404):
            access.get_or_404(access.cohorts_for(cast.coordinator), pk=bad_id)
