"""Readable differences between two versions of an entry's text.

Used for "edited after sharing" (first-shared text vs now) and, later, for
resubmissions. Word-level, so a typo fix shows as one word, not a line.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

_TOKEN = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def changed_chars(old: str, new: str) -> int:
    """How many characters differ between two texts (inserted + deleted, per chunk the larger)."""
    if old == new:
        return 0
    a, b = _tokens(old), _tokens(new)
    total = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            total += max(len("".join(a[i1:i2])), len("".join(b[j1:j2])))
    return total


def diff_html(old: str, new: str):
    """Escaped HTML of ``new`` with deletions in <del> and insertions in <ins>."""
    a, b = _tokens(old), _tokens(new)
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


@dataclass
class PartDiff:
    label: str
    changed: bool
    html: str


def _parts(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """(label, old text, new text) for the title, the aims and every heading."""
    parts = [
        ("Title", old.get("title", ""), new.get("title", "")),
        ("Aims and strategies for this week", old.get("aims", ""), new.get("aims", "")),
    ]
    old_sections = dict(old.get("sections", []))
    new_sections = dict(new.get("sections", []))
    for heading, body in new.get("sections", []):
        parts.append((heading, old_sections.get(heading, ""), body))
    for heading, body in old.get("sections", []):
        if heading not in new_sections:
            parts.append((heading, body, ""))
    return parts


def snapshot_diff(old: dict, new: dict) -> list[PartDiff]:
    """Per-part differences between two text snapshots (see Entry.text_snapshot)."""
    return [
        PartDiff(label=label, changed=a != b, html=diff_html(a, b))
        for label, a, b in _parts(old, new)
    ]


def snapshot_changed_chars(old: dict, new: dict) -> int:
    return sum(changed_chars(a, b) for _, a, b in _parts(old, new))
