"""One way to lay out a PDF: WeasyPrint over our HTML and stylesheets,
reading nothing but the static files.

Candidate text may carry links to images on other servers, or relative
links that climb out of the static folder. WeasyPrint gets a URL fetcher
that reads only files under that folder, so rendering a PDF never makes the
server fetch from the network or read other files.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders


def static_root(stylesheet: str) -> Path:
    """The static folder ``stylesheet`` (a path such as "css/pdf.css") is
    found in: the only folder a PDF may read from."""
    found = finders.find(stylesheet)
    if found is None:
        raise RuntimeError(f"{stylesheet} is missing from the static files.")
    return Path(found).resolve().parents[len(Path(stylesheet).parts) - 1]


def static_only_fetcher(root: Path):
    """A WeasyPrint URL fetcher that reads only files under ``root``; every
    other URL (http, https, data, other files) is refused without a request."""
    # WeasyPrint is imported when a PDF is made: it takes ~1 s to load, and
    # most processes never render one.
    from weasyprint import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(root):
                    return super().fetch(url, headers)
            # WeasyPrint catches this, logs it and leaves the resource out.
            raise ValueError(f"Not fetched for a PDF: {url[:80]}")

    return StaticOnlyFetcher(allowed_protocols={"file"}, allow_redirects=False)


def render_pdf(html: str, stylesheets: list[str], *, root: Path | None = None):
    """``html`` laid out with ``stylesheets`` (static paths, applied in this
    order), every resource read through the static-only fetcher. Returns
    WeasyPrint's document: ``.write_pdf()`` gives the bytes, ``.pages`` the
    pages. ``root`` defaults to the static folder of the first stylesheet."""
    from weasyprint import CSS, HTML  # when a PDF is made (see static_only_fetcher)

    root = static_root(stylesheets[0]) if root is None else root
    fetcher = static_only_fetcher(root)
    sheets = [CSS(filename=str(root / name), url_fetcher=fetcher) for name in stylesheets]
    document = HTML(string=html, base_url=str(root) + "/", url_fetcher=fetcher)
    return document.render(stylesheets=sheets)
