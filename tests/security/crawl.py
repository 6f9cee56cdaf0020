"""A breadth-first crawler over the app through Django's test client.

It follows every same-site link (``<a href>``) and redirect from its start
pages, GET only, and keeps what each answer said. Downloads are opened up:
a zip's files are read, and PDFs are built from their HTML by a stand-in
for WeasyPrint (``pdf_as_html``), so a marker in a PDF is plain to see.
"""

import io
import zipfile
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

SKIPPED_PREFIXES = ("/static/", "/admin/")
SITE_HOSTS = {"", "testserver"}


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    text: str  # the body as text (zip files opened); headers appended
    headers: dict

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def same_site(base: str, href: str) -> str | None:
    """``href`` as a path (with query) on this site, or None."""
    url, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SITE_HOSTS:
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def as_text(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            texts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        body_text = "\n".join([*archive.namelist(), *texts])
    else:
        body_text = body.decode("utf-8", "replace")
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    return body_text + "\n" + headers


def crawl(client, starts, *, limit=400) -> list[Visit]:
    """Visit ``starts`` and everything reachable from them, at most ``limit`` pages."""
    queue = deque(starts)
    seen = set(starts)
    visits = []
    while queue and len(visits) < limit:
        url = queue.popleft()
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        visit = Visit(
            url, response.status_code, content_type, as_text(response), dict(response.items())
        )
        visits.append(visit)
        found = []
        if response.status_code in (301, 302, 303, 307, 308):
            found.append(response["Location"])
        elif visit.is_html:
            found.extend(links(visit.text))
        for href in found:
            target = same_site(url, href)
            if target is not None and target not in seen:
                seen.add(target)
                queue.append(target)
    return visits


class _FakeDocument:
    def __init__(self, html):
        self.html = html

    def render(self, *args, **kwargs):
        return self

    def write_pdf(self, *args, **kwargs):
        return (
            b"%PDF-1.7 (test stand-in: the HTML it was built from follows)\n" + self.html.encode()
        )


def pdf_as_html(monkeypatch) -> list[str]:
    """Replace WeasyPrint for the test: each "PDF" is its source HTML, so
    what a PDF would show can be searched. Returns the HTMLs built."""
    import weasyprint

    built: list[str] = []

    def html(*args, string="", **kwargs):
        built.append(string)
        return _FakeDocument(string)

    monkeypatch.setattr(weasyprint, "HTML", html)
    monkeypatch.setattr(weasyprint, "CSS", lambda *args, **kwargs: None)
    return built
