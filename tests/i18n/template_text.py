"""Finds the words in a template that a person would read but no translator
could reach (issue 13 item 3): text outside ``{% translate %}`` and
``{% blocktranslate %}``, and the attributes a person reads or hears
(``title``, ``placeholder``, ``alt``, ``aria-label``, a button's
``value``).

A template is read with Django's own lexer, so a tag or a variable (which
may itself be ``{% translate %}``) is never taken for text; what is left is
read as HTML, skipping scripts, styles and comments. A plain-text template
(an email, a subject line) is all text. Text with no letter in it (a
"·", a "×", a number) needs no translation.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

LETTER = re.compile(r"[^\W\d_]")
SPOKEN_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "label",
    "data-confirm",
}
BUTTON_INPUTS = {"submit", "button", "reset"}
# A tag's word whose contents are not the template's text.
OPENS_SKIP = re.compile(r"^(blocktranslate|blocktrans|comment|verbatim)\b")
CLOSES_SKIP = re.compile(r"^(endblocktranslate|endblocktrans|endcomment|endverbatim)\b")
MARK = "\x01"  # stands for a tag or a variable: not a letter


def shadow_text(source: str) -> str:
    """The template with every tag, variable and translated block replaced
    by a mark, keeping its line breaks so that line numbers still hold."""
    parts: list[str] = []
    skipping = 0
    for token in Lexer(source).tokenize():
        raw = token.contents
        if token.token_type == TokenType.BLOCK:
            if OPENS_SKIP.match(raw):
                skipping += 1
            elif CLOSES_SKIP.match(raw):
                skipping = max(0, skipping - 1)
            parts.append(MARK + "\n" * raw.count("\n"))
        elif token.token_type == TokenType.TEXT and not skipping:
            parts.append(raw)
        else:
            parts.append(MARK + "\n" * raw.count("\n"))
    return "".join(parts)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._raw_depth = 0  # inside <script> or <style>

    def _report(self, text: str) -> None:
        cleaned = " ".join(text.replace(MARK, " ").split())
        if LETTER.search(cleaned):
            self.found.append((self.getpos()[0], cleaned[:80]))

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            spoken = name in SPOKEN_ATTRIBUTES
            if name == "value" and tag in {"input", "button"}:
                spoken = (values.get("type") or "").lower() in BUTTON_INPUTS
            if spoken:
                self._report(value)
        if tag in {"script", "style"}:
            self._raw_depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self._raw_depth -= 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._raw_depth:
            self._raw_depth -= 1

    def handle_data(self, data):
        if not self._raw_depth:
            self._report(data)


def untranslated(path: Path) -> list[tuple[int, str]]:
    """(line, text) for each piece of text in the template at ``path`` that
    sits outside a translation tag."""
    shadow = shadow_text(path.read_text(encoding="utf-8"))
    if path.suffix == ".txt":
        found = []
        for number, line in enumerate(shadow.splitlines(), start=1):
            cleaned = " ".join(line.replace(MARK, " ").split())
            if LETTER.search(cleaned):
                found.append((number, cleaned[:80]))
        return found
    reader = _Reader()
    reader.feed(shadow)
    reader.close()
    return reader.found
