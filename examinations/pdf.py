"""A frozen submission as a PDF, for examiners (and the candidate and mentor).

Made by WeasyPrint from templates/examinations/pdf/submission.html and
static/css/submission-pdf.css: a cover (candidate, cohort, version, date,
content hash), a contents page with page numbers, the final paper and one
page per entry, with the candidate's name and the version in the running
header and "Page X of Y" in the footer.

Only what was submitted is printed: the SubmittedEntry / SubmittedSection
rows, never the live logbook. Reading them costs the same few queries
whatever the logbook's size (the enrolment, the entries, their sections).

Candidate text may carry links to images on other servers. WeasyPrint gets
a URL fetcher that reads only files under the static folder, so rendering a
PDF never makes the server fetch from the network or read other files.
"""

import functools
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string

from entries.forms import week_label
from entries.vocabulary import Phase
from examinations.models import Submission, SubmissionPdf, SubmittedEntry, SubmittedSection

logger = logging.getLogger(__name__)

PDF_STYLESHEET = "css/submission-pdf.css"
PDF_TEMPLATE = "examinations/pdf/submission.html"
PDF_TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "examinations" / "pdf"


@dataclass
class PrintedEntry:
    """A submitted entry with what the page shows, computed once."""

    entry: SubmittedEntry
    anchor: str
    week_label: str
    phases: list[str]
    sections: list[SubmittedSection]

    @property
    def heading(self) -> str:
        return self.week_label + (f" — {self.entry.title}" if self.entry.title else "")


def _printed_entries(submission: Submission) -> list[PrintedEntry]:
    """Two queries: the entries, then all their sections."""
    entries = SubmittedEntry.objects.filter(submission=submission).prefetch_related(
        Prefetch("sections", queryset=SubmittedSection.objects.order_by("position"))
    )
    enrolment = submission.enrolment
    phase_labels = dict(Phase.choices)
    printed = []
    for entry in entries.order_by("position"):
        printed.append(
            PrintedEntry(
                entry=entry,
                anchor=f"entry-{entry.position}",
                week_label=week_label(enrolment, entry.week),
                phases=[phase_labels.get(p, p) for p in entry.phases],
                # Headings left empty add nothing to read; the reading view
                # shows the full structure.
                sections=[s for s in entry.sections.all() if s.body.strip()],
            )
        )
    return printed


def _static_root() -> Path:
    stylesheet = finders.find(PDF_STYLESHEET)
    if stylesheet is None:
        raise RuntimeError(f"{PDF_STYLESHEET} is missing from the static files.")
    return Path(stylesheet).resolve().parent.parent


def static_only_fetcher(static_root: Path):
    """A WeasyPrint URL fetcher that reads only files under ``static_root``;
    every other URL (http, https, other files) is refused without a request."""
    from weasyprint import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(static_root):
                    return super().fetch(url, headers)
            # WeasyPrint catches this, logs it and leaves the resource out.
            raise ValueError(f"Not fetched for a submission PDF: {url[:80]}")

    return StaticOnlyFetcher(allowed_protocols={"file"}, allow_redirects=False)


def submission_pdf_html(submission: Submission, *, paper_first: bool = True) -> str:
    """The HTML WeasyPrint lays out (three queries: enrolment, entries, sections)."""
    return render_to_string(
        PDF_TEMPLATE,
        {
            "submission": submission,
            "entries": _printed_entries(submission),
            "paper_first": paper_first,
        },
    )


def submission_pdf_document(submission: Submission, *, paper_first: bool = True):
    """The laid-out WeasyPrint document (tests count its pages)."""
    from weasyprint import CSS, HTML

    static_root = _static_root()
    fetcher = static_only_fetcher(static_root)
    html = submission_pdf_html(submission, paper_first=paper_first)
    stylesheet = CSS(filename=str(static_root / PDF_STYLESHEET), url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(static_root) + "/", url_fetcher=fetcher)
    return document.render(stylesheets=[stylesheet])


@functools.cache
def layout_fingerprint() -> str:
    """What a stored PDF's look depends on besides the submission: the
    templates, the stylesheet and WeasyPrint itself (once per process)."""
    import weasyprint

    digest = hashlib.sha256(weasyprint.__version__.encode())
    for path in sorted(PDF_TEMPLATE_DIR.rglob("*.html")):
        digest.update(path.read_bytes())
    digest.update((_static_root() / PDF_STYLESHEET).read_bytes())
    return digest.hexdigest()[:16]


def submission_pdf(submission: Submission, *, paper_first: bool = True) -> bytes:
    """The submission as PDF bytes; the final paper before the entries, or
    after them with ``paper_first=False`` (the examiner's choice).

    Laid out on the first download and stored (see SubmissionPdf); one query
    reads it back after that."""
    layout = layout_fingerprint()
    stored = (
        SubmissionPdf.objects.filter(submission=submission, paper_first=paper_first, layout=layout)
        .values_list("content", flat=True)
        .first()
    )
    if stored is not None:
        return bytes(stored)
    content = submission_pdf_document(submission, paper_first=paper_first).write_pdf()
    # One transaction for both statements (not one each).
    with transaction.atomic():
        # Two first downloads at once both render; the second insert is a no-op.
        SubmissionPdf.objects.bulk_create(
            [
                SubmissionPdf(
                    submission=submission, paper_first=paper_first, layout=layout, content=content
                )
            ],
            ignore_conflicts=True,
        )
        # Copies in an earlier layout are never read again.
        SubmissionPdf.objects.filter(submission=submission, paper_first=paper_first).exclude(
            layout=layout
        ).delete()
    return content


# Both orders: the examiner's default (paper first) and the other one.
PAPER_ORDERS = (True, False)


def submissions_without_pdf(*, paper_first: bool):
    """Submissions with no stored PDF in this order and the current layout,
    newest first (the ones being examined now). The unique constraint on
    (submission, paper_first, layout) is the index this NOT EXISTS uses."""
    stored = SubmissionPdf.objects.filter(
        submission=OuterRef("pk"), paper_first=paper_first, layout=layout_fingerprint()
    )
    return Submission.objects.filter(~Exists(stored)).order_by("-submitted_at", "-pk")


def render_missing(*, limit: int) -> tuple[int, int]:
    """Lay out and store up to ``limit`` PDFs that nobody has downloaded yet
    (the ``render_pdfs`` cron job), so no examiner waits seconds for the
    first render; after a new layout it renders every submission again,
    ``limit`` at a time. Returns (rendered, still missing)."""
    rendered = 0
    for paper_first in PAPER_ORDERS:
        for submission in submissions_without_pdf(paper_first=paper_first)[: limit - rendered]:
            try:
                submission_pdf(submission, paper_first=paper_first)
            except Exception:
                # One that fails (a bug in the layout) must not stop the others;
                # it is tried again next run, and its download shows the error.
                logger.exception("Could not render the PDF of submission %s", submission.pk)
                continue
            rendered += 1
    missing = sum(submissions_without_pdf(paper_first=order).count() for order in PAPER_ORDERS)
    return rendered, missing
