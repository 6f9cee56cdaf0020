"""The rules that moved out of views (issue 18) hold in their services,
whoever calls them, and a version read from a form is read one way."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from entries import services as entry_services
from entries.models import Partnership
from entries.vocabulary import BrokerPosition
from examinations import services as exam_services
from examinations.models import AssessmentCriterion, ProgrammeSetting
from library.posted import posted_version
from pbas_logbook.models import AuditAction, AuditEvent, Cohort
from programme import services


class TestPostedVersion:
    @pytest.mark.parametrize(
        ("posted", "version"),
        [
            ("version=3", 3),
            ("version=3&keep_version=5", 5),
            ("keep_version=5", 5),
            ("version=999999999", 999_999_999),
        ],
    )
    def test_a_plain_version_number_is_read(self, posted, version):
        assert posted_version(QueryDict(posted)) == version

    @pytest.mark.parametrize(
        "raw", ["", "abc", "-1", "1.0", " 1", "1e3", "²", "1234567890", "9" * 5000]
    )
    def test_anything_else_is_no_version_which_the_services_answer_with_a_conflict(self, raw):
        assert posted_version({"version": raw}) is None
        assert posted_version({"version": "2", "keep_version": raw}) == (None if raw else 2)


@pytest.mark.django_db
class TestCriteriaSave:
    def _weights(self):
        return list(
            AssessmentCriterion.objects.filter(scheme__isnull=True).values_list("weight", flat=True)
        )

    def test_weights_that_do_not_add_up_to_100_save_nothing(self, cast):
        before = self._weights()
        first = AssessmentCriterion.objects.filter(scheme__isnull=True).first()
        first.weight += 5
        setting = ProgrammeSetting.current()
        setting.examiners_see_mentor_comments = True

        with pytest.raises(ValidationError, match="add up to 105%; they must add up to 100%"):
            exam_services.criteria_save(changed=[first], removed=[], setting=setting)

        assert self._weights() == before
        assert not ProgrammeSetting.current().examiners_see_mentor_comments

    def test_a_criterion_removed_and_one_added_with_its_weight_is_saved(self, cast):
        removed = AssessmentCriterion.objects.filter(scheme__isnull=True).first()
        added = AssessmentCriterion(name="Partnership brokering", weight=removed.weight)

        exam_services.criteria_save(
            changed=[added], removed=[removed], setting=ProgrammeSetting.current()
        )

        names = set(
            AssessmentCriterion.objects.filter(scheme__isnull=True).values_list("name", flat=True)
        )
        assert "Partnership brokering" in names and removed.name not in names
        assert sum(self._weights()) == 100


@pytest.mark.django_db
class TestPersonUpdate:
    def roles(self, person, **changes):
        return {
            "full_name": person.full_name,
            "is_examiner": person.is_examiner,
            "is_staff": person.is_staff,
            "is_researcher": person.is_researcher,
            "is_active": person.is_active,
        } | changes

    @pytest.mark.parametrize(
        ("field", "message"),
        [
            ("is_staff", "You cannot remove your own coordinator role."),
            ("is_active", "You cannot deactivate your own account."),
        ],
    )
    def test_a_coordinator_cannot_demote_or_close_themselves(self, cast, field, message):
        me = cast.coordinator

        with pytest.raises(ValidationError) as refused:
            services.person_update(person=me, by=me, **self.roles(me, **{field: False}))

        assert refused.value.message_dict == {field: [message]}
        me.refresh_from_db()
        assert me.is_staff and me.is_active

    def test_role_changes_are_audited_against_the_stored_row(self, cast):
        person = cast.stranger
        wanted = self.roles(person, is_examiner=True, full_name="Stan Stranger")
        person.is_examiner = True  # as a ModelForm leaves its instance after validating

        services.person_update(person=person, by=cast.coordinator, **wanted)

        person.refresh_from_db()
        assert person.is_examiner and person.full_name == "Stan Stranger"
        event = AuditEvent.objects.get(action=AuditAction.ROLES_CHANGED)
        assert (event.detail, event.subject_id) == ("examiner=True", person.pk)

    def test_a_name_change_alone_is_not_audited(self, cast):
        person = cast.stranger
        services.person_update(
            person=person, by=cast.coordinator, **self.roles(person, full_name="New Name")
        )

        assert not AuditEvent.objects.filter(action=AuditAction.ROLES_CHANGED).exists()


@pytest.mark.django_db
class TestTakenNames:
    def test_a_cohort_name_taken_meanwhile_is_a_refusal_not_an_error(self, cast):
        with pytest.raises(ValidationError) as refused:
            services.cohort_create(name=cast.cohort.name, start_date=cast.cohort.start_date)

        assert "name" in refused.value.message_dict
        assert Cohort.objects.filter(name=cast.cohort.name).count() == 1

    def test_a_partnership_name_taken_meanwhile_is_a_refusal_not_an_error(self, cast):
        made = {"name": "Delta forum", "sector_mix": "", "position": BrokerPosition.EXTERNAL}
        entry_services.partnership_add(enrolment=cast.enrolment, **made)

        with pytest.raises(ValidationError) as refused:
            entry_services.partnership_add(
                enrolment=cast.enrolment, **made | {"name": "delta FORUM"}
            )

        assert refused.value.message_dict == {"name": [entry_services.PARTNERSHIP_NAME_TAKEN]}
        assert Partnership.objects.filter(enrolment=cast.enrolment).count() == 1
