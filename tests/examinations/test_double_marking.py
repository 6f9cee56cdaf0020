"""Double marking and moderation (issue 12, items 1 and 2), through the
services: marks per criterion, the computed total, a contradiction's
reason, the decision waiting for the required assessments, and moderation
asking for an agreed mark with a reason."""

import pytest
from django.core.exceptions import ValidationError

from examinations import assessing, marking, services
from examinations.models import Assessment, Decision, MarkingScheme, Outcome
from pbas_logbook.models import AuditAction, AuditEvent, EnrolmentStatus
from tests.examinations.conftest import examine, marks_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def double(cast, submitted):
    """The cohort marks twice; both examiners are assigned."""
    MarkingScheme.objects.filter(cohort=cast.cohort).update(examiners_required=2)
    for examiner in (cast.examiner, cast.examiner2):
        services.examiner_assign(submission=submitted, examiner=examiner, by=cast.coordinator)
    return submitted


def record(cast, submission, examiner, outcome, marks, reason=""):
    return assessing.assessment_record(
        submission=submission,
        examiner=examiner,
        outcome=outcome,
        criterion_marks=marks,
        outcome_reason=reason,
        feedback="Feedback.",
        criterion_notes={},
    )


def decide(cast, submission, **fields):
    values = {"outcome": Outcome.ACCREDITED, "mark": 60, "feedback": "Well done."} | fields
    return assessing.decision_record(submission=submission, by=cast.coordinator, **values)


class TestTheRubric:
    def test_the_total_is_computed_from_the_criteria(self, cast, double):
        criteria = marking.scheme_criteria(cast.cohort.marking_scheme)
        marks = {str(c.pk): 7 for c in criteria}
        assessment = record(cast, double, cast.examiner, Outcome.ACCREDITED, marks)
        assert assessment.mark == 70
        assert assessment.criterion_marks == marks

    def test_a_typed_total_is_ignored(self, cast, double):
        assessment = assessing.assessment_record(
            submission=double,
            examiner=cast.examiner,
            outcome=Outcome.ACCREDITED,
            criterion_marks=marks_for(double, 60),
            mark=99,
            feedback="F",
            criterion_notes={},
        )
        assert assessment.mark == 60

    def test_a_mark_outside_a_criterion_s_range_is_refused_on_its_field(self, cast, double):
        marks = marks_for(double, 60)
        first = next(iter(marks))
        marks[first] = 11
        with pytest.raises(ValidationError) as error:
            record(cast, double, cast.examiner, Outcome.ACCREDITED, marks)
        assert list(error.value.message_dict) == [f"mark_{first}"]
        assert "is marked from 0 to 10" in error.value.message_dict[f"mark_{first}"][0]
        assert not Assessment.objects.exists()

    def test_a_missing_criterion_is_refused(self, cast, double):
        marks = marks_for(double, 60)
        marks.pop(next(iter(marks)))
        with pytest.raises(ValidationError, match="a mark"):
            record(cast, double, cast.examiner, Outcome.ACCREDITED, marks)

    def test_accredited_with_5_asks_for_a_reason(self, cast, double):
        with pytest.raises(ValidationError) as error:
            record(cast, double, cast.examiner, Outcome.ACCREDITED, marks_for(double, 10))
        assert error.value.message_dict == {
            "outcome_reason": [
                "A total of 10 suggests “Not accredited”. Say why the outcome is “Accredited”."
            ]
        }
        kept = record(
            cast,
            double,
            cast.examiner,
            Outcome.ACCREDITED,
            marks_for(double, 10),
            reason="The weeks missing were agreed leave.",
        )
        assert kept.outcome_reason == "The weeks missing were agreed leave."

    def test_no_reason_is_kept_when_none_is_needed(self, cast, double):
        kept = record(
            cast, double, cast.examiner, Outcome.ACCREDITED, marks_for(double, 60), reason="x"
        )
        assert kept.outcome_reason == ""

    def test_the_mentor_proposes_per_criterion(self, cast, double):
        report = assessing.mentor_report_save(
            submission=double,
            mentor=cast.mentor,
            body="Steady work.",
            criterion_marks=marks_for(double, 80),
            criterion_notes={},
        )
        assert report.proposed_mark == 80
        assert marking.scheme_is_frozen(cast.cohort.marking_scheme)


class TestDoubleMarking:
    def test_the_decision_waits_for_both(self, cast, double):
        examine(cast, double, Outcome.ACCREDITED)
        with pytest.raises(ValidationError) as error:
            decide(cast, double)
        assert error.value.messages == [
            "Waiting for 1 more assessment(s) of 2: the decision follows the examination."
        ]
        assert not Decision.objects.exists()

    def test_nothing_before_any_assessment(self, cast, double):
        with pytest.raises(ValidationError, match="Waiting for 2 more"):
            decide(cast, double)

    def test_agreeing_examiners_need_no_moderation(self, cast, double):
        examine(cast, double, Outcome.ACCREDITED, total=60)
        examine(cast, double, Outcome.ACCREDITED, examiner=cast.examiner2, total=70)
        decision = decide(cast, double, mark=None)
        assert decision.moderation_reason == ""
        assert not AuditEvent.objects.filter(action=AuditAction.MODERATED).exists()

    def test_a_removed_examiner_s_assessment_does_not_count(self, cast, double):
        examine(cast, double, Outcome.ACCREDITED, examiner=cast.examiner2)
        services.examiner_unassign(submission=double, examiner=cast.examiner2, by=cast.coordinator)
        with pytest.raises(ValidationError, match="Waiting for 2 more"):
            decide(cast, double)


class TestModeration:
    @pytest.fixture
    def disagreeing(self, cast, double):
        # The example: Resubmit 55 against Accredited 68.
        examine(cast, double, Outcome.RESUBMIT, total=50)
        examine(cast, double, Outcome.ACCREDITED, examiner=cast.examiner2, total=70)
        return double

    def test_is_flagged(self, disagreeing):
        state = assessing.marking_state_of(disagreeing)
        assert state.needs_moderation
        assert state.moderation == [
            "The examiners' outcomes differ (Accredited and Resubmission required).",
            "The totals differ by 20, more than the cohort's 10.",
        ]

    def test_needs_an_agreed_mark_and_a_reason(self, cast, disagreeing):
        with pytest.raises(ValidationError) as error:
            decide(cast, disagreeing, mark=None, moderation_reason="  ")
        assert error.value.message_dict == {
            "mark": [assessing.MODERATION_NEEDS_MARK],
            "moderation_reason": [assessing.MODERATION_NEEDS_REASON],
        }
        assert not Decision.objects.exists()

    def test_the_agreed_mark_is_recorded_with_its_reason_and_audited(self, cast, disagreeing):
        decision = decide(
            cast, disagreeing, mark=62, moderation_reason="Second marker's reading of weeks 4-6."
        )
        assert (decision.mark, decision.moderation_reason) == (
            62,
            "Second marker's reading of weeks 4-6.",
        )
        (event,) = AuditEvent.objects.filter(action=AuditAction.MODERATED)
        assert "agreed 62/100" in event.detail

    def test_a_third_examiner_is_waited_for(self, cast, disagreeing, django_user_model):
        third = django_user_model.objects.create_user(
            email="third@example.org", password="x", full_name="Thea Third", is_examiner=True
        )
        services.examiner_assign(submission=disagreeing, examiner=third, by=cast.coordinator)
        with pytest.raises(ValidationError, match="Waiting for 1 more assessment"):
            decide(cast, disagreeing, mark=62, moderation_reason="r")
        examine(cast, disagreeing, Outcome.ACCREDITED, examiner=third, total=60)
        assert decide(cast, disagreeing, mark=60, moderation_reason="Third reading.")

    def test_the_mentor_cannot_be_the_third_examiner(self, cast, disagreeing):
        cast.mentor.is_examiner = True  # an examiner elsewhere, this candidate's mentor here
        cast.mentor.save(update_fields=["is_examiner"])
        with pytest.raises(ValidationError, match="mentor cannot examine"):
            services.examiner_assign(
                submission=disagreeing, examiner=cast.mentor, by=cast.coordinator
            )

    def test_two_decisions_at_once_make_one(self, cast, disagreeing):
        decide(cast, disagreeing, mark=62, moderation_reason="r")
        with pytest.raises(ValidationError, match="final decision is recorded"):
            decide(cast, disagreeing, mark=70, moderation_reason="r")
        assert Decision.objects.get().mark == 62

    def test_the_status_waits_for_the_release(self, cast, disagreeing):
        decide(cast, disagreeing, mark=62, moderation_reason="r")
        disagreeing.enrolment.refresh_from_db()
        assert disagreeing.enrolment.status == EnrolmentStatus.SUBMITTED
