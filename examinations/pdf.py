"""A frozen submission as a PDF, for examiners (and the candidate and mentor).

Made by library.pdf from templates/examinations/pdf/submission.html and
static/css/pdf-base.css + submission-pdf.css: a cover (candidate, cohort,
version, date, content hash), a contents page with page numbers, the final
paper and one page per entry, with the candidate's name and the version in
the running header and "Page X of Y" in the footer.

Only what was submitted is printed: the SubmittedEntry / SubmittedSection
rows, never the live logbook. Reading them costs the same few queries
whatever the logbook's size (the enrolment, the entries, their sections).

Candidate text may carry links to images on other servers. library.pdf
gives WeasyPrint a URL fetcher that reads only files under the static
folder, so rendering a PDF never makes the server fetch from the network or
read other files.
"""

import functools
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from examinations.models import (
    AssessmentCriterion,
    MentorReport,
    Submission,
    SubmissionPdf,
    SubmittedEntry,
    SubmittedSection,
)
from library.pdf import render_pdf, static_root

logger = logging.getLogger(__name__)

# The shared look of both PDFs, then the submission's own.
PDF_STYLESHEETS = ["css/pdf-base.css", "css/submission-pdf.css"]
PDF_TEMPLATE = "examinations/pdf/submission.html"
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PDF_TEMPLATE_DIR = _TEMPLATES / "examinations" / "pdf"
# The parts submission.html includes from the export's templates.
PDF_SHARED_TEMPLATES = [
    _TEMPLATES / "entries" / "pdf" / name
    for name in ("_cover_title.html", "_entry_tags.html", "_entry_text.html")
]


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
    printed = []
    for entry in entries.order_by("position"):
        printed.append(
            PrintedEntry(
                entry=entry,
                anchor=f"entry-{entry.position}",
                week_label=enrolment.week_label(entry.week),
                phases=entry.phase_labels,
                # Headings left empty add nothing to read; the reading view
                # shows the full structure.
                sections=[s for s in entry.sections.all() if s.body.strip()],
            )
        )
    return printed


def submission_pdf_html(
    submission: Submission, *, paper_first: bool = True, report: MentorReport | None = None
) -> str:
    """The HTML WeasyPrint lays out (three queries: enrolment, entries,
    sections; one more for the criteria when ``report`` is printed too)."""
    criteria = []
    if report is not None:
        criteria = [
            {
                "name": c.name,
                "max_mark": c.max_mark,
                "mark": report.criterion_marks.get(str(c.pk)),
                "note": report.criterion_notes.get(str(c.pk), ""),
            }
            for c in AssessmentCriterion.objects.filter(
                scheme__cohort_id=submission.enrolment.cohort_id
            ).order_by("position", "pk")
        ]
    return render_to_string(
        PDF_TEMPLATE,
        {
            "submission": submission,
            "entries": _printed_entries(submission),
            "paper_first": paper_first,
            "report": report,
            "report_criteria": criteria,
        },
    )


def submission_pdf_document(
    submission: Submission, *, paper_first: bool = True, report: MentorReport | None = None
):
    """The laid-out WeasyPrint document (tests count its pages)."""
    html = submission_pdf_html(submission, paper_first=paper_first, report=report)
    return render_pdf(html, PDF_STYLESHEETS)


# Tagged for screen readers, with the document's language, title and
# outline: WeasyPrint's PDF/UA-1 variant (WeasyPrint 70).
PDF_VARIANT = "pdf/ua-1"


def write(document) -> bytes:
    """A laid-out document as PDF bytes, in the PDF/UA variant."""
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def reading_key() -> str:
    """The reading a PDF is laid out in now: the active language and time
    zone (a request's reader's; the programme's in a job), e.g.
    ``es|Pacific/Auckland``. Part of a stored copy's key (SubmissionPdf)."""
    language = translation.get_supported_language_variant(translation.get_language())
    return f"{language}|{timezone.get_current_timezone_name()}"


@functools.cache
def layout_fingerprint() -> str:
    """What a stored PDF's look depends on besides the submission: the
    templates, the stylesheets and WeasyPrint itself (once per process)."""
    import weasyprint  # loaded when a PDF is made, as in library.pdf

    digest = hashlib.sha256(weasyprint.__version__.encode())
    digest.update(PDF_VARIANT.encode())
    for path in [*sorted(PDF_TEMPLATE_DIR.rglob("*.html")), *PDF_SHARED_TEMPLATES]:
        digest.update(path.read_bytes())
    root = static_root(PDF_STYLESHEETS[0])
    for stylesheet in PDF_STYLESHEETS:
        digest.update((root / stylesheet).read_bytes())
    return digest.hexdigest()[:16]


def submission_pdf(
    submission: Submission, *, paper_first: bool = True, report: MentorReport | None = None
) -> bytes:
    """The submission as PDF bytes; the final paper before the entries, or
    after them with ``paper_first=False`` (the examiner's choice).

    Laid out on the first download and stored (see SubmissionPdf); one query
    reads it back after that.

    With ``report`` (the mentor's report, for a reader the view has checked
    may read it) the report is printed after the logbook, and that PDF is
    laid out on every download and never stored: SubmissionPdf has no column
    saying a copy holds the report, so a stored one could be served to a
    reader who may not see it (the candidate before the result); and the
    mentor may still edit the report until the decision, which a stored copy
    would not follow."""
    if report is not None:
        return write(submission_pdf_document(submission, paper_first=paper_first, report=report))
    layout, reading = layout_fingerprint(), reading_key()
    stored = (
        SubmissionPdf.objects.filter(
            submission=submission, paper_first=paper_first, layout=layout, reading=reading
        )
        .values_list("content", flat=True)
        .first()
    )
    if stored is not None:
        return bytes(stored)
    content = write(submission_pdf_document(submission, paper_first=paper_first))
    # One transaction for both statements (not one each).
    with transaction.atomic():
        # Two first downloads at once both render; the second insert is a no-op.
        SubmissionPdf.objects.bulk_create(
            [
                SubmissionPdf(
                    submission=submission,
                    paper_first=paper_first,
                    layout=layout,
                    reading=reading,
                    content=content,
                )
            ],
            ignore_conflicts=True,
        )
        # Copies in an earlier layout are never read again, in any reading;
        # other readings' copies in this layout are still read.
        SubmissionPdf.objects.filter(submission=submission, paper_first=paper_first).exclude(
            layout=layout
        ).delete()
    return content


# Both orders: the examiner's default (paper first) and the other one.
PAPER_ORDERS = (True, False)


def submissions_without_pdf(*, paper_first: bool):
    """Submissions with no stored PDF in this order, the current layout and
    reading (the job's: the programme's language and zone), newest first
    (the ones being examined now). The unique constraint on (submission,
    paper_first, layout, reading) is the index this NOT EXISTS uses."""
    stored = SubmissionPdf.objects.filter(
        submission=OuterRef("pk"),
        paper_first=paper_first,
        layout=layout_fingerprint(),
        reading=reading_key(),
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
