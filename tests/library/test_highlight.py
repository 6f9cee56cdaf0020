"""library.highlight: one escaping strategy for every search snippet."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db.models import Value
from django.utils.safestring import SafeString

from library.highlight import MARK_START, MARK_STOP, Headline, marked_html, unmarked
from pbas_logbook.models import User
from tests.factories import UserFactory


def marked(word: str) -> str:
    return f"{MARK_START}{word}{MARK_STOP}"


class TestMarkedHtml:
    def test_escapes_the_text_and_marks_the_match(self):
        html = marked_html(f'<script>alert(1)</script> the {marked("donor")} & "me"')

        assert isinstance(html, SafeString)
        assert html == (
            "&lt;script&gt;alert(1)&lt;/script&gt; the <mark>donor</mark> &amp; &quot;me&quot;"
        )

    def test_a_transform_works_on_plain_text_before_escaping(self):
        html = marked_html(
            f"Ann & Bo {marked('met')}", transform=lambda t: t.replace("Ann & Bo", "[name]")
        )

        assert html == "[name] <mark>met</mark>"

    def test_a_transform_that_drops_a_marker_leaves_no_mark_open(self):
        html = marked_html(f"{marked('Ann')} met", transform=lambda t: t.replace(MARK_STOP, ""))

        assert html == "Ann met"

    def test_unmarked_removes_the_markers(self):
        assert unmarked(f"a {marked('b')} c") == "a b c"


@pytest.mark.django_db
class TestHeadline:
    TEXT = (
        "I wrote <img src=x onerror=alert(1)> and <b>bold</b> & more about the donor, "
        f"with a stray {MARK_START} marker."
    )

    def snippet(self, **options):
        UserFactory()
        query = SearchQuery("donor", config="english")
        return (
            User.objects.annotate(s=Headline(Value(self.TEXT), query, config="english", **options))
            .values_list("s", flat=True)
            .first()
        )

    def test_shows_the_candidates_tags_as_text_and_marks_the_match(self):
        html = self.snippet(highlight_all=True)

        assert isinstance(html, SafeString)
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
        assert "<mark>donor</mark>" in html
        assert "<img" not in html and "<b>" not in html

    def test_marks_only_the_matches_not_the_texts_own_marker_characters(self):
        html = self.snippet(highlight_all=True)

        assert html.count("<mark>") == 1
        assert MARK_START not in html

    def test_without_html_it_is_the_plain_text_as_written_with_markers(self):
        text = self.snippet(highlight_all=True, html=False)

        assert not isinstance(text, SafeString)
        written = "<img src=x onerror=alert(1)> and <b>bold</b> & more about the "
        assert written + marked("donor") in text
