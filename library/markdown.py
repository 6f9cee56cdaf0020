"""The one Markdown renderer: Python-Markdown, raw HTML off, nh3 allow-list.

Candidate and mentor text is never trusted. Text is rendered once, when it
is saved, and the sanitized HTML is stored; templates mark only that stored
output safe. Raw HTML in the source is shown as text, not passed through.
"""

import html

import markdown as md
import nh3
from django.utils.html import strip_tags
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "div", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
    "div": {"class"},
}
# No javascript:, data:, vbscript: or any other scheme.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


class _NoRawHtml(Extension):
    """Escape raw HTML instead of passing it through."""

    def extendMarkdown(self, md_instance):  # noqa: N802 (Python-Markdown's API)
        md_instance.preprocessors.deregister("html_block")
        md_instance.inlinePatterns.deregister("html")


# Column alignment as the align attribute: the default is a style attribute,
# which the sanitizer drops (no style on candidate text).
_EXTENSIONS = [
    _NoRawHtml(),
    TableExtension(use_align_attribute=True),
    "fenced_code",
    "footnotes",
    "sane_lists",
]


def _attribute_filter(tag, attribute, value):
    # Footnote ids and the footnote container class are harmless; anything
    # else in class is dropped so pasted text cannot borrow the app's styles.
    if tag == "div" and attribute == "class":
        return value if value == "footnote" else None
    return value


def render_markdown(text: str) -> str:
    """Markdown source → sanitized HTML, safe to store and mark safe."""
    if not text or not text.strip():
        return ""
    converter = md.Markdown(extensions=_EXTENSIONS, output_format="html")
    html = converter.convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )


def plain_text(rendered_html: str) -> str:
    """Text of stored HTML for an excerpt: no tags, entities decoded (so the
    template escapes "&" once, not "&amp;" again), whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(rendered_html)).split())
