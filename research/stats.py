"""Agreement between two coders, and bar charts drawn on the server.

Cohen's kappa for one theme treats each extract both researchers coded as
a yes/no judgement ("does this theme apply?"):

    p_o = share of extracts where both said the same
    p_e = p_a * p_b + (1 - p_a) * (1 - p_b)    (agreement expected by chance,
          from each coder's own rate of saying yes: p_a, p_b)
    kappa = (p_o - p_e) / (1 - p_e)

When p_e is 1 (both coders gave the same answer for every extract) kappa
is undefined: there is no variation to agree on, and we say so instead of
printing a number.
"""

from dataclasses import dataclass, field
from fractions import Fraction


def cohen_kappa(a: list[bool], b: list[bool]) -> float | None:
    """Cohen's kappa for two coders' yes/no judgements on the same items."""
    if len(a) != len(b):
        raise ValueError("Both coders must judge the same items.")
    n = len(a)
    if n == 0:
        return None
    observed = Fraction(sum(1 for x, y in zip(a, b, strict=True) if x == y), n)
    p_a = Fraction(sum(a), n)
    p_b = Fraction(sum(b), n)
    expected = p_a * p_b + (1 - p_a) * (1 - p_b)
    if expected == 1:
        return None
    return float((observed - expected) / (1 - expected))


def kappa_label(kappa: float | None) -> str:
    """Landis and Koch's usual words for a kappa value."""
    if kappa is None:
        return "no variation"
    if kappa < 0:
        return "less than chance"
    for limit, word in ((0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if kappa <= limit:
            return word
    return "almost perfect"


@dataclass
class ThemeAgreement:
    theme: object
    items: int
    yes_a: int
    yes_b: int
    agreed: int
    kappa: float | None

    @property
    def percent_agreed(self) -> int:
        return round(100 * self.agreed / self.items) if self.items else 0

    @property
    def label(self) -> str:
        return kappa_label(self.kappa)


def agreement_by_theme(themes, coded_a: dict, coded_b: dict) -> list[ThemeAgreement]:
    """``coded_a``/``coded_b``: section id → set of theme ids for each coder.
    Only extracts both coded count."""
    shared = sorted(set(coded_a) & set(coded_b))
    rows = []
    for theme in themes:
        a = [theme.pk in coded_a[s] for s in shared]
        b = [theme.pk in coded_b[s] for s in shared]
        rows.append(
            ThemeAgreement(
                theme=theme,
                items=len(shared),
                yes_a=sum(a),
                yes_b=sum(b),
                agreed=sum(1 for x, y in zip(a, b, strict=True) if x == y),
                kappa=cohen_kappa(a, b),
            )
        )
    return rows


def extract_agreement(themes_a: set, themes_b: set) -> str:
    """ "agree" (same themes), "partly" (some in common) or "disagree"."""
    if themes_a == themes_b:
        return "agree"
    if themes_a & themes_b:
        return "partly"
    return "disagree"


# --- Bar charts -------------------------------------------------------------------------

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
BAR_MAX = 360
COUNT_WIDTH = 48
TOP = 4


@dataclass
class Bar:
    label: str
    count: int
    y: int
    width: int
    text_y: int
    count_x: int


@dataclass
class BarChart:
    """Geometry for templates/research/_bar_chart.html: SVG attributes only
    (no style attributes: the content security policy forbids them)."""

    title: str
    bars: list[Bar] = field(default_factory=list)
    width: int = 0
    height: int = 0
    label_width: int = LABEL_WIDTH

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def bar_chart(
    title: str, rows: list[tuple[str, int]], *, label_width=LABEL_WIDTH, bar_max=BAR_MAX
) -> BarChart:
    """Bars scaled to the largest count; narrow charts get a narrower label
    column so their text stays readable when the SVG is scaled down."""
    chart = BarChart(
        title=title, label_width=label_width, width=label_width + bar_max + COUNT_WIDTH
    )
    largest = max((count for _, count in rows), default=0)
    for i, (label, count) in enumerate(rows):
        y = TOP + i * (BAR_HEIGHT + BAR_GAP)
        width = round(bar_max * count / largest) if largest else 0
        if count and width < 2:
            width = 2  # a count of one stays visible next to large ones
        chart.bars.append(
            Bar(
                label=label,
                count=count,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2 + 5,
                count_x=label_width + width + 6,
            )
        )
    chart.height = TOP * 2 + len(rows) * (BAR_HEIGHT + BAR_GAP)
    return chart
