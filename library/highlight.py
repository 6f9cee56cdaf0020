"""Search highlighting: one way to cut a snippet and mark the words found.

1. In SQL, the stored text has &, < and > escaped before PostgreSQL's
   ts_headline reads it, so a candidate's "<img …>" is words to show, not a
   tag the parser would silently drop; the text's own copies of the two
   marker characters are removed, so only matches get marked. ts_headline
   marks the matches with MARK_START / MARK_STOP (private-use characters).
2. On the way out of the database the snippet is turned back into plain
   text, still marked (``Headline(..., html=False)``): a caller that must
   change it first (research masks names) does so on plain text.
3. ``marked_html`` escapes that plain text and only then turns the markers
   into <mark> tags: the only HTML a snippet ever carries.
``Headline(...)`` does 2 and 3 for callers that show the snippet as it is.
"""

from collections.abc import Callable

from django.contrib.postgres.search import SearchHeadline
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MARK_START = "\ue000"
MARK_STOP = "\ue001"

# Applied in this order in SQL, undone in reverse order in Python.
_SQL_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def unmarked(text: str) -> str:
    """``text`` without the highlight markers."""
    return text.replace(MARK_START, "").replace(MARK_STOP, "")


def marked_html(snippet: str, *, transform: Callable[[str], str] | None = None) -> SafeString:
    """A marked plain-text snippet as safe HTML: ``transform``ed (e.g.
    masked), escaped, then the markers become <mark> tags."""
    text = transform(snippet) if transform is not None else snippet
    if text.count(MARK_START) != text.count(MARK_STOP):
        # A transform that ate a marker would leave a <mark> open.
        text = unmarked(text)
    text = escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(text)  # noqa: S308 (escaped above; only our <mark> tags added)


def _headline_source(expression):
    """The text as ts_headline must read it (see the module docstring, step 1)."""
    for char, entity in (*_SQL_ESCAPES, (MARK_START, ""), (MARK_STOP, "")):
        expression = Replace(expression, Value(char), Value(entity))
    return expression


def _plain(snippet: str) -> str:
    """Step 1's escaping undone: the snippet as the candidate wrote it."""
    for char, entity in reversed(_SQL_ESCAPES):
        snippet = snippet.replace(entity, char)
    return snippet


class Headline(SearchHeadline):
    """ts_headline of ``expression`` (a field name or text expression) for
    ``query``: safe HTML with <mark> tags, or with ``html=False`` plain text
    with MARK_START / MARK_STOP around the matches, for ``marked_html``
    later. ``options`` are SearchHeadline's (max_words, max_fragments, …)."""

    def __init__(self, expression, query, *, config, html: bool = True, **options):
        self.html = html
        super().__init__(
            _headline_source(expression),
            query,
            config=config,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            **options,
        )

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), self._from_db]

    def _from_db(self, value, expression, connection):
        if value is None:
            return None
        return marked_html(_plain(value)) if self.html else _plain(value)
