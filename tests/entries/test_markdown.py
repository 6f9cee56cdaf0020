"""The one Markdown renderer, and every Markdown field of the editor, against
a corpus of script-injection payloads (tests/entries/xss_payloads.py)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from entries.models import Entry
from library.markdown import render_markdown
from tests.entries.helpers import HEADINGS, form_data
from tests.entries.xss_payloads import (
    FORBIDDEN_TAGS,
    XSS_PAYLOADS,
    assert_safe_html,
    tag_counts,
    unsafe_parts,
    url_scheme,
)

PAYLOADS = pytest.mark.parametrize(
    "payload", XSS_PAYLOADS, ids=[f"payload{i:03d}" for i in range(len(XSS_PAYLOADS))]
)


class _Containers(HTMLParser):
    """The raw HTML inside every <div class="markdown"> of a page."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0]
        for line in html.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.parts, self._start, self._depth = [], None, 0

    def _offset(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag != "div":
            return
        if self._start is not None:
            self._depth += 1
        elif "markdown" in (dict(attrs).get("class") or "").split():
            self._start, self._depth = self._offset() + len(self.get_starttag_text()), 0

    def handle_endtag(self, tag):
        if tag != "div" or self._start is None:
            return
        if self._depth:
            self._depth -= 1
            return
        self.parts.append(self.html[self._start : self._offset()])
        self._start = None


def pages(entry):
    """The pages that show an entry's text to its writer."""
    return [
        ("detail", reverse("entries:entry_detail", args=[entry.public_id])),
        ("edit", reverse("entries:entry_edit", args=[entry.public_id])),
        ("home", reverse("entries:home")),
    ]


def markdown_containers(html: str) -> list[str]:
    parser = _Containers(html)
    parser.feed(html)
    return parser.parts


def page_shape(html: str) -> dict[str, int]:
    """How many forbidden tags the page holds: the page around an entry
    legitimately has forms, its own scripts and an icon."""
    return {tag: n for tag, n in tag_counts(html).items() if tag in FORBIDDEN_TAGS}


def assert_page_safe(html: str, shape: dict[str, int]) -> None:
    """The whole page: no event handlers, styles or script URLs anywhere, and
    no more forms, scripts or frames than the same page around harmless text."""
    problems = unsafe_parts(html, forbidden_tags=set(), check_rel=False)
    assert not problems, problems
    assert page_shape(html) == shape


class TestTheCheckItself:
    """The checks catch what they are meant to catch."""

    @pytest.mark.parametrize(
        "html",
        [
            "<script>alert(1)</script>",
            '<img src="x" onerror="alert(1)">',
            '<a href="java\tscript:alert(1)" rel="nofollow noopener noreferrer">x</a>',
            '<a href=" JavaScript:alert(1)" rel="nofollow noopener noreferrer">x</a>',
            '<img src="data:image/png;base64,AA">',
            '<a href="https://example.org">no rel</a>',
            '<p style="color:red">x</p>',
            "<svg></svg>",
        ],
    )
    def test_unsafe_html_is_caught(self, html):
        assert unsafe_parts(html)

    def test_safe_html_passes(self):
        assert_safe_html(
            '<p><a href="https://example.org" rel="nofollow noopener noreferrer">x</a>'
            '<a href="#fn:1" rel="nofollow noopener noreferrer">1</a>'
            '<img src="/static/x.png" alt="x"></p>'
        )

    def test_relative_urls_have_no_scheme(self):
        assert url_scheme("/logbook/") is None
        assert url_scheme("#fn:1") is None
        assert url_scheme("%6A%61va%73cript:alert(1)") is None
        assert url_scheme("\x01 JaVa\tScRiPt:alert(1)") == "javascript"

    def test_the_corpus_is_large_enough(self):
        assert len(XSS_PAYLOADS) >= 100


class TestRenderMarkdown:
    @PAYLOADS
    def test_the_payload_renders_to_safe_html(self, payload):
        assert_safe_html(render_markdown(payload))

    @PAYLOADS
    def test_the_payload_inside_surrounding_text_renders_to_safe_html(self, payload):
        assert_safe_html(
            render_markdown(f"Before **bold**\n\n{payload}\n\nAfter [ok](https://example.org)")
        )

    def test_raw_html_is_shown_as_text(self):
        html = render_markdown("We used <b>bold</b> and <script>alert(1)</script> here.")

        assert html == (
            "<p>We used &lt;b&gt;bold&lt;/b&gt; and &lt;script&gt;alert(1)&lt;/script&gt; here.</p>"
        )

    def test_a_javascript_link_keeps_its_text_but_loses_its_target(self):
        html = render_markdown("[click me](javascript:alert(1))")

        assert "click me" in html
        assert "javascript" not in html

    def test_links_get_rel_nofollow_noopener_noreferrer(self):
        html = render_markdown("[site](https://example.org) and <https://example.org/b>")

        assert html.count('rel="nofollow noopener noreferrer"') == 2

    def test_safe_links_and_images_are_kept(self):
        html = render_markdown(
            "[site](https://example.org/a?b=1) [mail](mailto:a@example.org) [rel](/logbook/)"
            " ![pic](https://example.org/p.png)"
        )

        assert 'href="https://example.org/a?b=1"' in html
        assert 'href="mailto:a@example.org"' in html
        assert 'href="/logbook/"' in html
        assert 'src="https://example.org/p.png"' in html

    def test_tables_render(self):
        html = render_markdown("| Partner | Role |\n|---|:-:|\n| NGO | convener |")

        assert "<table>" in html
        assert "<th>Partner</th>" in html
        assert '<td align="center">convener</td>' in html

    def test_fenced_code_renders_escaped(self):
        html = render_markdown("```python\nif a < b:\n    print('<b>')\n```")

        assert html.startswith("<pre><code>")
        assert "if a &lt; b:" in html
        assert "&lt;b&gt;" in html

    def test_lists_render(self):
        html = render_markdown("- one\n- two\n\n3. three\n4. four")

        assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
        assert '<ol start="3">' in html

    def test_footnotes_render(self):
        html = render_markdown("A claim.[^1]\n\n[^1]: The source.")

        assert '<sup id="fnref:1">' in html
        assert 'href="#fn:1"' in html
        assert '<div class="footnote">' in html
        assert '<li id="fn:1">' in html
        assert "The source." in html
        assert_safe_html(html)

    def test_emphasis_and_headings_render(self):
        html = render_markdown("## Plan\n\n**bold** and *soft* and ~~not~~")

        assert "<h2>Plan</h2>" in html
        assert "<strong>bold</strong>" in html
        assert "<em>soft</em>" in html

    def test_pasted_classes_are_dropped(self):
        html = render_markdown("```python\nx = 1\n```")

        assert "class=" not in html

    @pytest.mark.parametrize("text", ["", "   ", "\n\n", None])
    def test_empty_text_renders_to_nothing(self, text):
        assert render_markdown(text) == ""


@pytest.mark.django_db
class TestEveryMarkdownFieldOfTheEditor:
    """Each payload typed into the aims and every section (and the title and
    a free tag), saved through the editor, then read on the entry page, the
    editor again and the logbook home."""

    @pytest.fixture
    def shapes(self, headed, client_for):
        """The shape of each page around a harmless entry, which is then removed."""
        client = client_for(headed.candidate)
        client.post(reverse("entries:entry_new"), form_data(3, aims="Plain aims."))
        entry = Entry.objects.get()
        shapes = {name: page_shape(client.get(url).content.decode()) for name, url in pages(entry)}
        entry.delete()
        return shapes

    @PAYLOADS
    def test_the_entry_pages_stay_safe(self, headed, client_for, shapes, payload):
        client = client_for(headed.candidate)
        data = form_data(
            3,
            title=payload[:200],
            aims=payload,
            sections=[f"{payload}\n\n*{heading}*" for heading in HEADINGS],
            other_tools=payload[:80].replace(",", " "),
        )

        saved = client.post(reverse("entries:entry_new"), data)

        assert saved.status_code == 302, saved.content.decode()[:2000]
        entry = Entry.objects.get()
        assert_safe_html(entry.aims_html)
        for section in entry.sections.all():
            assert_safe_html(section.body_html)
        html = {name: client.get(url).content.decode() for name, url in pages(entry)}
        containers = markdown_containers(html["detail"])
        assert len(containers) == 1 + len(HEADINGS)
        for container in containers:
            assert_safe_html(container)
        for name, page in html.items():
            assert_page_safe(page, shapes[name])

    @PAYLOADS
    def test_the_preview_stays_safe(self, headed, client_for, payload):
        response = client_for(headed.candidate).post(
            reverse("entries:preview") + "?field=section_2", {"section_2": payload}
        )

        assert response.status_code == 200
        assert_safe_html(response.content.decode())
