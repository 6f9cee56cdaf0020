"""Cohen's kappa against hand-computed examples, and chart geometry."""

import pytest

from research.stats import (
    agreement_by_theme,
    bar_chart,
    cohen_kappa,
    extract_agreement,
    kappa_label,
)


def judgements(both_yes, a_only, b_only, both_no):
    a = [True] * both_yes + [True] * a_only + [False] * b_only + [False] * both_no
    b = [True] * both_yes + [False] * a_only + [True] * b_only + [False] * both_no
    return a, b


class TestCohenKappa:
    def test_fifty_items_by_hand(self):
        # 20 both yes, 5 only A, 10 only B, 15 both no:
        # p_o = 35/50 = 0.7; p_a = 25/50 = 0.5; p_b = 30/50 = 0.6
        # p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
        a, b = judgements(20, 5, 10, 15)

        assert cohen_kappa(a, b) == pytest.approx(0.4)

    def test_ten_items_by_hand(self):
        # 4 both yes, 1 only A, 1 only B, 4 both no:
        # p_o = 0.8; p_a = p_b = 0.5; p_e = 0.5; kappa = 0.3 / 0.5 = 0.6
        a, b = judgements(4, 1, 1, 4)

        assert cohen_kappa(a, b) == pytest.approx(0.6)

    def test_unbalanced_by_hand(self):
        # 1 both yes, 2 only A, 0 only B, 7 both no:
        # p_o = 0.8; p_a = 0.3; p_b = 0.1; p_e = 0.03 + 0.63 = 0.66
        # kappa = (0.8 - 0.66) / 0.34 = 0.14 / 0.34 = 0.41176...
        a, b = judgements(1, 2, 0, 7)

        assert cohen_kappa(a, b) == pytest.approx(0.14 / 0.34)

    def test_perfect_agreement_is_one(self):
        a, b = judgements(3, 0, 0, 5)

        assert cohen_kappa(a, b) == pytest.approx(1.0)

    def test_systematic_disagreement_is_negative(self):
        a, b = judgements(0, 4, 4, 0)

        assert cohen_kappa(a, b) == pytest.approx(-1.0)

    def test_no_variation_is_undefined_not_a_number(self):
        a, b = judgements(0, 0, 0, 6)

        assert cohen_kappa(a, b) is None
        assert kappa_label(None) == "no variation"

    def test_no_items_is_undefined(self):
        assert cohen_kappa([], []) is None

    def test_coders_must_judge_the_same_items(self):
        with pytest.raises(ValueError):
            cohen_kappa([True], [True, False])

    @pytest.mark.parametrize(
        ("kappa", "label"),
        [
            (-0.1, "less than chance"),
            (0.1, "slight"),
            (0.4, "fair"),
            (0.7, "substantial"),
            (0.95, "almost perfect"),
        ],
    )
    def test_labels(self, kappa, label):
        assert kappa_label(kappa) == label


class Theme:
    def __init__(self, pk, name):
        self.pk, self.name = pk, name


def test_agreement_by_theme_counts_only_extracts_both_coded():
    power, trust = Theme(1, "Power"), Theme(2, "Trust")
    coded_a = {10: {1}, 11: {1, 2}, 12: set(), 99: {2}}  # 99: only A coded it
    coded_b = {10: {1}, 11: {1}, 12: {2}}

    power_row, trust_row = agreement_by_theme([power, trust], coded_a, coded_b)

    assert (power_row.items, power_row.yes_a, power_row.yes_b, power_row.agreed) == (3, 2, 2, 3)
    assert power_row.kappa == pytest.approx(1.0)
    # Trust: A yes on 11 only, B yes on 12 only: p_o = 1/3, p_a = p_b = 1/3,
    # p_e = 1/9 + 4/9 = 5/9, kappa = (3/9 - 5/9) / (4/9) = -0.5
    assert trust_row.kappa == pytest.approx(-0.5)
    assert trust_row.percent_agreed == 33


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        ({1, 2}, {2, 1}, "agree"),
        ({1, 2}, {2}, "partly"),
        ({1}, {2}, "disagree"),
        (set(), set(), "agree"),
    ],
)
def test_extract_agreement(a, b, verdict):
    assert extract_agreement(a, b) == verdict


def test_bar_chart_scales_bars_to_the_largest_count():
    chart = bar_chart(
        "Themes", [("Power", 4), ("Trust", 2), ("Exits", 0), ("Scale", 1)], bar_max=200
    )

    assert [bar.width for bar in chart.bars] == [200, 100, 0, 50]
    assert [bar.y for bar in chart.bars] == [4, 34, 64, 94]
    assert chart.height == 4 * 2 + 4 * 30
    assert chart.total == 7


def test_empty_chart_has_no_bars():
    assert bar_chart("Nothing", []).bars == []
