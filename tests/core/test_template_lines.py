"""Templates stay readable: no line of an HTML template under templates/ is
longer than MAX_LINE characters (issue 18). Long attribute lists go one per
line and long text wraps at a space that is already there, so the rendered
page keeps the same words and the same gaps between them."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
MAX_LINE = 160

# (path relative to templates/, line number): why the line cannot be wrapped.
# Keep this short; a new entry needs a reason a reviewer would accept.
ALLOWED: dict[tuple[str, int], str] = {}


def long_lines(text: str, limit: int = MAX_LINE) -> list[tuple[int, int]]:
    """(line number, length) of every line of ``text`` longer than ``limit``."""
    lines = enumerate(text.splitlines(), start=1)
    return [(number, len(line)) for number, line in lines if len(line) > limit]


def template_paths() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_long_lines_finds_a_line_over_the_limit():
    text = "<p>short</p>\n" + "<p>" + "x" * MAX_LINE + "</p>\n<p>short again</p>"
    assert long_lines(text) == [(2, MAX_LINE + 7)]


def test_long_lines_accepts_a_line_at_the_limit():
    assert long_lines("y" * MAX_LINE + "\n" + "z") == []


def test_there_are_templates_to_read():
    # Guards the test below against passing because it read nothing.
    assert len(template_paths()) > 50


@pytest.mark.parametrize("path", template_paths(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_no_line_over_the_limit(path):
    name = str(path.relative_to(TEMPLATES))
    found = [
        f"{name}:{number} is {length} characters"
        for number, length in long_lines(path.read_text(encoding="utf-8"))
        if (name, number) not in ALLOWED
    ]
    assert not found, f"wrap these lines to at most {MAX_LINE} characters: " + "; ".join(found)


def test_every_allowance_still_points_at_a_long_line():
    # A stale allowance would silently excuse whatever line moves into its place.
    for name, number in ALLOWED:
        lines = (TEMPLATES / name).read_text(encoding="utf-8").splitlines()
        still_long = number <= len(lines) and len(lines[number - 1]) > MAX_LINE
        assert still_long, f"{name}:{number} is no longer long"
