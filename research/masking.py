"""Masking: what a researcher must never read is replaced before they read it.

A ``Masker`` holds the words to hide in one logbook, each with the label
that replaces it: the candidate's full name and each part of it (and their
mentor's), email addresses, the names of their partnerships, and the words
the candidate chose themselves. Matching is

- case-insensitive and accent-insensitive ("TOMAS" hides "Tomás");
- whole words only, where a "word" edge is anything but a letter or digit,
  so names inside punctuation, brackets, possessives, underscores, URLs and
  email addresses are hidden ("(Priya)", "Priya's", "priya_nair");
- flexible about spaces inside a phrase ("Delta  Mangrove" across a line).

Longer phrases win over their parts, so a partnership name is replaced as
one "[partnership]" rather than word by word.

Masking runs in Python on the frozen text every time research text is
shown or exported; the same masker builds the search index.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

NAME = "name"
EMAIL = "email"
PARTNERSHIP = "partnership"
OWN = "masked"
MASK_LABELS = (NAME, EMAIL, PARTNERSHIP, OWN)

# Parts of names too common as ordinary words to hide on their own; the
# full name they belong to is still hidden.
NAME_PARTICLES = {
    "al", "bin", "binti", "da", "das", "de", "del", "della", "der", "des", "di", "do", "dos",
    "du", "el", "la", "le", "st", "van", "von", "y", "zu",
}  # fmt: skip
MIN_PART_CHARS = 2
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_NAME_SPLIT = re.compile(r"[\s\-'.,]+")


def _fold_char(char: str) -> str:
    """One character for one: its base letter, without accents."""
    base = unicodedata.normalize("NFD", char)[0]
    return base.translate(_APOSTROPHES)


def fold(text: str) -> str:
    """Accent-free text of exactly the same length (positions line up)."""
    return "".join(_fold_char(c) for c in text)


def _pattern(term: str) -> str:
    words = fold(term).split()
    return r"\s+".join(re.escape(word) for word in words)


def name_parts(full_name: str) -> list[str]:
    """The full name, and each part long enough to hide on its own."""
    full_name = " ".join(full_name.split())
    if not full_name:
        return []
    parts = [full_name]
    for chunk in full_name.split():
        if "-" in chunk or "'" in chunk.translate(_APOSTROPHES):
            parts.append(chunk)  # "Jean-Pierre", "O'Brien" as written
    for part in _NAME_SPLIT.split(full_name):
        if len(part) >= MIN_PART_CHARS and fold(part).lower() not in NAME_PARTICLES:
            parts.append(part)
    return parts


@dataclass(frozen=True)
class Term:
    text: str
    label: str


class Masker:
    """Replaces every term of one logbook, in one pass over the text."""

    def __init__(self, terms: Iterable[Term]):
        by_pattern: dict[str, str] = {}
        # Longest first: the regex alternation takes the first that matches.
        for term in sorted(terms, key=lambda t: len(t.text), reverse=True):
            pattern = _pattern(term.text)
            if pattern and pattern.lower() not in by_pattern:
                by_pattern[pattern.lower()] = term.label
        self.labels = list(by_pattern.values())
        if by_pattern:
            alternatives = "|".join(f"({p})" for p in by_pattern)
            # A word edge is anything that is not a letter or digit.
            self.regex = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)
        else:
            self.regex = None

    def mask(self, text: str, *, markdown: bool = False) -> str:
        """``text`` with every term replaced by "[name]", "[partnership]" ...

        With ``markdown`` the brackets are escaped, so "[name](x)" in the
        source can never become a link when the result is rendered.
        """
        if not text:
            return ""
        text = unicodedata.normalize("NFC", text)
        if self.regex is None:
            return text
        folded = fold(text)
        out = []
        last = 0
        for match in self.regex.finditer(folded):
            label = self.labels[match.lastindex - 1]
            out.append(text[last : match.start()])
            out.append(rf"\[{label}\]" if markdown else f"[{label}]")
            last = match.end()
        out.append(text[last:])
        return "".join(out)


def masker_for(
    *,
    names: Iterable[str] = (),
    emails: Iterable[str] = (),
    partnerships: Iterable[str] = (),
    own_words: Iterable[str] = (),
) -> Masker:
    terms = []
    for name in names:
        terms.extend(Term(part, NAME) for part in name_parts(name or ""))
    terms.extend(Term(email, EMAIL) for email in emails if email)
    terms.extend(Term(p, PARTNERSHIP) for p in partnerships if p and p.strip())
    terms.extend(Term(w, OWN) for w in own_words if w and w.strip())
    return Masker(terms)
