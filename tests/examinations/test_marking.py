"""The marking sheet as a rubric (issue 12): bands, the weighted total, the
suggested outcome, a contradiction's reason, double marking and moderation."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from examinations import marking, schemes
from examinations.models import AssessmentCriterion, MarkingScheme, Outcome
from tests.factories import CohortFactory


def criterion(pk, weight, max_mark=10, bands=""):
    return AssessmentCriterion(pk=pk, name=f"C{pk}", weight=weight, max_mark=max_mark, bands=bands)


SCHEME = MarkingScheme(
    examiners_required=2,
    moderation_threshold=10,
    distinction_from=75,
    accredited_from=50,
    resubmit_from=30,
)


class TestBands:
    def test_lines_become_bands_up_to_the_criterion_s_marks(self):
        bands = marking.parse_bands("0: Describes\n\n5: Some analysis\n8) Critical", 10)
        assert [(b.low, b.high, b.descriptor) for b in bands] == [
            (0, 4, "Describes"),
            (5, 7, "Some analysis"),
            (8, 10, "Critical"),
        ]

    def test_no_text_no_bands(self):
        assert marking.parse_bands("  \n", 10) == []

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("Describes events", "Line 1: start with the lowest mark"),
            ("0: a\n11: b", "Line 2: 11 is above the criterion's 10 marks"),
            ("0: a\n6: b\n4: c", "Line 3: bands go from the lowest marks up"),
            ("0: a\n5: b\n5: c", "5 does not come after 5"),
            ("2: a\n5: b", "The first band starts at 0"),
        ],
    )
    def test_a_wrong_line_is_named(self, text, message):
        with pytest.raises(ValidationError) as error:
            marking.parse_bands(text, 10)
        assert message in error.value.messages[0]

    def test_the_band_of_a_mark(self):
        c = criterion(1, 20, bands="0: low\n6: high")
        assert marking.band_of(c, 5).descriptor == "low"
        assert marking.band_of(c, 6).descriptor == "high"
        assert marking.band_of(c, None) is None


class TestTotal:
    def test_weighted_sum_out_of_100(self):
        criteria = [criterion(1, 20), criterion(2, 20), criterion(3, 30), criterion(4, 30, 20)]
        marks = {"1": 5, "2": 10, "3": 7, "4": 10}
        # 20×0.5 + 20×1 + 30×0.7 + 30×0.5 = 10 + 20 + 21 + 15
        assert marking.weighted_total(criteria, marks) == 66

    def test_rounded_half_up(self):
        criteria = [criterion(1, 50, 4), criterion(2, 50, 8)]
        # 50×1/4 + 50×1/8 = 12.5 + 6.25 = 18.75
        assert marking.weighted_total(criteria, {"1": 1, "2": 1}) == 19
        assert marking.weighted_total([criterion(1, 100, 8)], {"1": 1}) == 13  # 12.5

    def test_every_criterion_needs_a_mark_in_range(self):
        criteria = [criterion(1, 50), criterion(2, 50, 5)]
        assert marking.check_marks(criteria, {"1": 11, "2": 5}) == {
            "1": "C1 is marked from 0 to 10."
        }
        assert marking.check_marks(criteria, {"2": 0}) == {"1": "Give C1 a mark."}
        assert marking.check_marks(criteria, {"1": 0, "2": 5}) == {}


class TestOutcome:
    @pytest.mark.parametrize(
        ("total", "outcome"),
        [
            (100, Outcome.DISTINCTION),
            (75, Outcome.DISTINCTION),
            (74, Outcome.ACCREDITED),
            (50, Outcome.ACCREDITED),
            (49, Outcome.RESUBMIT),
            (30, Outcome.RESUBMIT),
            (29, Outcome.NOT_ACCREDITED),
            (0, Outcome.NOT_ACCREDITED),
        ],
    )
    def test_the_bands_suggest(self, total, outcome):
        assert marking.suggested_outcome(SCHEME, total) == outcome

    def test_accredited_with_a_mark_of_5_asks_why(self):
        message = marking.contradiction(SCHEME, Outcome.ACCREDITED, 5)
        assert message == (
            "A total of 5 suggests “Not accredited”. Say why the outcome is “Accredited”."
        )
        assert marking.contradiction(SCHEME, Outcome.ACCREDITED, 60) == ""


def assessed(outcome, mark):
    return SimpleNamespace(outcome=outcome, mark=mark)


class TestModeration:
    def test_waits_for_the_required_number(self):
        state = marking.marking_state(SCHEME, [assessed(Outcome.ACCREDITED, 60)], assigned=2)
        assert (state.complete, state.waiting_for, state.needs_moderation) == (False, 1, False)

    def test_a_third_examiner_is_waited_for(self):
        both = [assessed(Outcome.ACCREDITED, 60), assessed(Outcome.RESUBMIT, 45)]
        assert marking.marking_state(SCHEME, both, assigned=3).waiting_for == 1

    def test_different_outcomes_are_moderated(self):
        both = [assessed(Outcome.RESUBMIT, 55), assessed(Outcome.ACCREDITED, 58)]
        state = marking.marking_state(SCHEME, both, assigned=2)
        assert state.needs_moderation
        assert state.moderation == [
            "The examiners' outcomes differ (Accredited and Resubmission required)."
        ]

    def test_totals_further_apart_than_the_threshold_are_moderated(self):
        both = [assessed(Outcome.ACCREDITED, 55), assessed(Outcome.ACCREDITED, 66)]
        state = marking.marking_state(SCHEME, both, assigned=2)
        assert state.moderation == ["The totals differ by 11, more than the cohort's 10."]
        near = [assessed(Outcome.ACCREDITED, 55), assessed(Outcome.ACCREDITED, 65)]
        assert not marking.marking_state(SCHEME, near, assigned=2).needs_moderation

    def test_one_examiner_is_never_moderated(self):
        single = MarkingScheme(examiners_required=1, moderation_threshold=10)
        state = marking.marking_state(single, [assessed(Outcome.ACCREDITED, 5)], assigned=1)
        assert state.complete and not state.needs_moderation


@pytest.mark.django_db
class TestSchemes:
    def test_a_new_cohort_gets_a_copy_of_the_programme_sheet(self):
        sheet = schemes.programme_sheet()
        assert sum(c.weight for c in sheet) == 100
        cohort = CohortFactory()
        copied = marking.scheme_criteria(cohort.marking_scheme)
        assert [(c.name, c.weight) for c in copied] == [(c.name, c.weight) for c in sheet]
        assert {c.pk for c in copied}.isdisjoint({c.pk for c in sheet})
        assert marking.scheme_is_frozen(cohort.marking_scheme) is False

    def test_weights_must_add_up_to_100(self, cast):
        scheme = cast.cohort.marking_scheme
        first = scheme.criteria.first()
        first.weight += 5
        with pytest.raises(ValidationError, match="add up to 105%; they must add up to 100%"):
            schemes.scheme_save(scheme=scheme, changed=[first], removed=[], by=cast.coordinator)
        assert sum(scheme.criteria.values_list("weight", flat=True)) == 100
